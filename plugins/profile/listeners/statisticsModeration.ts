import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import type { MemberCounter } from '../services/StatisticsService';

/** Which moderator counter a moderation action adds to. */
const COUNTER_OF_ACTION: Partial<Record<string, MemberCounter>> = {
  ban: 'usersBanned',
  tempban: 'usersBanned',
  softban: 'usersBanned',
  unban: 'usersUnbanned',
  warn: 'warningsGiven',
};

/** Every moderation case counts for the day; bans, unbans and warnings also for the moderator who did them. */
export class StatisticsModerationListener extends PluginListener<'moderationAction'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'moderationAction', partnerEvent: true });
  }

  public override runEnabled(event: ClientEvents['moderationAction'][0], guildId: string | null) {
    if (!guildId) return;
    this.container.statistics.countDay(guildId, 'moderationActions');
    const counter = COUNTER_OF_ACTION[event.action];
    if (counter && event.moderatorId) this.container.statistics.countMember(guildId, event.moderatorId, counter);
  }
}
