import { container } from '@sapphire/framework';
import { settingNotices } from '#core/plugin-kit/settingNotices';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { scheduleTask } from '#core/plugin-kit/tasks';
import { Achievement } from './entities/Achievement';
import { AchievementBoardBucket } from './entities/AchievementBoardBucket';
import { AchievementBoardCount } from './entities/AchievementBoardCount';
import { AchievementMember } from './entities/AchievementMember';
import { AchievementOnce } from './entities/AchievementOnce';
import { AchievementTicketClaim } from './entities/AchievementTicketClaim';
import { AchievementUnlock } from './entities/AchievementUnlock';
import { Badge } from './entities/Badge';
import { MemberBadge } from './entities/MemberBadge';
import { achievementsEvents } from './events';
import { AchievementsSchema1795854287001 } from './migrations/1795854287001-AchievementsSchema';
import { BoardHistogram1795863683250 } from './migrations/1795863683250-BoardHistogram';
import { achievementsBoard } from './lib/board';
import { partners } from './lib/partners';
import { AchievementRepository } from './services/AchievementRepository';
import { AchievementsService } from './services/AchievementsService';
import { achievementsSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    /** Achievements, counters and badges; `badgesOf(guildId, userId)` for the profile plugin. */
    achievements: AchievementsService;
  }
}

export default definePlugin({
  name: 'achievements',
  description: 'Achievements for messages, tickets, help and moderation, with progress, rewards and badges.',
  defaultEnabled: false,
  settings: achievementsSettings,
  entities: [
    Achievement,
    AchievementMember,
    AchievementBoardCount,
    AchievementBoardBucket,
    AchievementUnlock,
    AchievementOnce,
    AchievementTicketClaim,
    Badge,
    MemberBadge,
  ],
  migrations: [AchievementsSchema1795854287001, BoardHistogram1795863683250],
  leaderboards: [achievementsBoard],
  events: achievementsEvents,
  setup: (achievements) => {
    container.achievements = new AchievementsService({
      plugin: achievements,
      repository: new AchievementRepository(container.database),
      partners,
      client: () => container.client,
      // The definition keeps the evaluation owed: `reconcile` (Redis back) queues it while Redis is down.
      scheduleRetro: async (payload, id) => {
        await scheduleTask('achievementsRetro', payload, { at: 0, id, rebuiltByReconcile: true });
      },
      logError: (what, error) => container.logger.error(`${what} failed:`, error),
      notices: settingNotices(),
    });
  },
  reconcile: async (guildId) => {
    if (guildId) await container.achievements.ensureDefaults(guildId);
    await container.achievements.reconcile(guildId);
  },
});
