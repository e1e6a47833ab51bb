import type { Listener } from '@sapphire/framework';
import { Events, type DMChannel, type NonThreadGuildBasedChannel } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** A ticket channel deleted by hand closes its ticket, so it never blocks the member from opening another. */
export class TicketChannelDeletedListener extends PluginListener<typeof Events.ChannelDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChannelDelete });
  }

  public override async runEnabled(channel: DMChannel | NonThreadGuildBasedChannel) {
    if (channel.isDMBased()) return;
    const service = this.container.tickets;
    service.channelDeleted(channel.guildId, channel.id);
    const ticket = await service.repository.byChannel(channel.guildId, channel.id);
    if (ticket && !ticket.channelDeletedAt) await service.closing.channelGone(channel.guildId, ticket);
  }
}
