import { container } from '@sapphire/framework';
import type { LeaderboardDefinition } from '#core/leaderboards/types';

/** `/leaderboard achievements`: members by achievements earned, from the partial index on `earned`. */
export const achievementsBoard: LeaderboardDefinition = {
  name: 'achievements',
  description: 'Members by achievements earned.',
  async page({ guildId, offset, limit }) {
    const { repository } = container.achievements;
    const [entries, total] = await Promise.all([
      repository.boardPage(guildId, offset, limit),
      repository.boardSize(guildId),
    ]);
    return {
      total,
      entries: entries.map((entry) => ({
        userId: entry.userId,
        value: `${entry.earned.toLocaleString('en-US')} achievement${entry.earned === 1 ? '' : 's'}`,
      })),
    };
  },
  rankOf: ({ guildId, userId }) => container.achievements.repository.rankOf(guildId, userId),
};
