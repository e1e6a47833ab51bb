import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** HELP, first half: remembers the ticket's agent (claimed, or assigned by staff), credited when it closes. */
export class AchievementsTicketClaimedListener extends PluginListener<'ticketClaimed'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'ticketClaimed', partnerEvent: true });
  }

  public override async runEnabled({ guildId, ticketId, agentId }: ClientEvents['ticketClaimed'][0]) {
    await this.container.achievements.ticketClaimed(guildId, ticketId, agentId);
  }
}
