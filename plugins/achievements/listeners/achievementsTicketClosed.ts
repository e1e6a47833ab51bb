import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** TICKETS for the opener of a closed ticket, HELP for the agent who had claimed it. */
export class AchievementsTicketClosedListener extends PluginListener<'ticketClosed'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'ticketClosed', partnerEvent: true });
  }

  public override async runEnabled({ guildId, ticketId, openerId }: ClientEvents['ticketClosed'][0]) {
    await this.container.achievements.ticketClosed(guildId, ticketId, openerId);
  }
}
