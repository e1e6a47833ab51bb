import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** Learns a ticket's channel from the tickets plugin's event, so messages there can get suggestions. */
export class KbTicketOpenedListener extends PluginListener<'ticketOpened'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'ticketOpened', partnerEvent: true });
  }

  public override async runEnabled(event: ClientEvents['ticketOpened'][0], guildId: string | null) {
    if (!guildId || !event.channelId) return;
    await this.container.kb.suggestions.ticketOpened(guildId, event.channelId, event.ticketId);
  }
}
