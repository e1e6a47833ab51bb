import type { Listener } from '@sapphire/framework';
import { Events, type AnyThreadChannel } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** The same as for channels, for tickets that overflowed into a private thread. */
export class TicketThreadDeletedListener extends PluginListener<typeof Events.ThreadDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ThreadDelete });
  }

  public override async runEnabled(thread: AnyThreadChannel) {
    const service = this.container.tickets;
    service.channelDeleted(thread.guildId, thread.id);
    const ticket = await service.repository.byChannel(thread.guildId, thread.id);
    if (ticket && !ticket.channelDeletedAt) await service.closing.channelGone(thread.guildId, ticket);
  }
}
