import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** A closed ticket counts for the day and for the staff member who closed it (not for the bot's automatic closes). */
export class StatisticsTicketClosedListener extends PluginListener<'ticketClosed'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'ticketClosed', partnerEvent: true });
  }

  public override runEnabled(event: ClientEvents['ticketClosed'][0], guildId: string | null) {
    if (!guildId) return;
    this.container.statistics.countDay(guildId, 'ticketsClosed');
    if (event.actorId !== this.container.client.user?.id) {
      this.container.statistics.countMember(guildId, event.actorId, 'ticketsClosed');
    }
  }
}
