import { container } from '@sapphire/framework';
import type { LeaderboardDefinition } from '#core/leaderboards/types';
import type { LevelBoardSort } from '../services/LevelRepository';

function boardSort(sort: string | undefined): LevelBoardSort {
  return sort === 'messages' ? 'messages' : 'xp';
}

const fmt = (value: number) => value.toLocaleString('en-US');

/** The `levels` board of the core /leaderboard command: members by total XP (or messages), pending XP included. */
export const levelsLeaderboard: LeaderboardDefinition = {
  name: 'levels',
  description: 'Members by XP or messages sent.',
  sorts: [
    { name: 'XP', value: 'xp' },
    { name: 'messages', value: 'messages' },
  ],
  async page({ guildId, sort, offset, limit }) {
    const by = boardSort(sort);
    const { entries, total } = await container.levels.board(guildId, by, offset, limit);
    return {
      total,
      entries: entries.map((entry) => ({
        userId: entry.userId,
        value:
          by === 'messages'
            ? `${fmt(entry.messageCount)} messages · Level ${entry.level}`
            : `Level ${entry.level} · ${fmt(entry.totalXp)} XP`,
      })),
    };
  },
  rankOf: ({ guildId, sort, userId }) => container.levels.rankOf(guildId, userId, boardSort(sort)),
};
