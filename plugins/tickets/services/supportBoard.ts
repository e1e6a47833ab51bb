import type { LeaderboardDefinition } from '#core/leaderboards/types';
import type { TicketRepository } from './TicketRepository';

/**
 * The `support` board of the core /leaderboard command: agents by tickets closed or by rating. The repository is
 * asked for when a board is shown (it exists once the plugin's `setup` ran).
 */
export function supportBoard(repository: () => TicketRepository): LeaderboardDefinition {
  return {
    name: 'support',
    description: 'Support agents by tickets closed or by rating.',
    sorts: [
      { name: 'tickets closed', value: 'closed' },
      { name: 'rating', value: 'rating' },
    ],
    page: async ({ guildId, sort, offset, limit }) => {
      const { entries, total } = await repository().agentBoard(guildId, sort, { offset, limit });
      return {
        total,
        entries: entries.map((entry) => ({
          userId: entry.userId,
          value: `${entry.closed} closed · ${entry.averageRating === null ? 'no ratings' : `★ ${entry.averageRating.toFixed(2)} (${entry.ratings})`}`,
        })),
      };
    },
    rankOf: ({ guildId, sort, userId }) => repository().agentRank(guildId, sort, userId),
  };
}
