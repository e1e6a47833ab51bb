import type { Listener } from '@sapphire/framework';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** Tickets opened per day, for `/stats server` (the tickets plugin's event; nothing comes when it is not installed). */
export class StatisticsTicketOpenedListener extends PluginListener<'ticketOpened'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'ticketOpened', partnerEvent: true });
  }

  public override runEnabled(_event: unknown, guildId: string | null) {
    if (guildId) this.container.statistics.countDay(guildId, 'ticketsOpened');
  }
}
