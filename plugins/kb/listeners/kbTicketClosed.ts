import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** Forgets a closed ticket's channel: no more suggestions there. */
export class KbTicketClosedListener extends PluginListener<'ticketClosed'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'ticketClosed', partnerEvent: true });
  }

  public override async runEnabled(event: ClientEvents['ticketClosed'][0]) {
    if (event.channelId) await this.container.kb.suggestions.ticketClosed(event.channelId);
  }
}
