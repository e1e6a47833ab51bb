import { container } from '@sapphire/framework';
import type { LeaderboardDefinition } from '#core/leaderboards/types';

/** Column each sort ranks by; ties go to the lower user id so pages never overlap. */
const ORDER = {
  xp: 'total_xp',
  messages: 'message_count',
} as const;

function orderColumn(sort: string | undefined): (typeof ORDER)[keyof typeof ORDER] {
  return ORDER[(sort ?? 'xp') as keyof typeof ORDER] ?? ORDER.xp;
}

/** The `levels` board of the core /leaderboard command: members by total XP (or messages), pending XP included. */
export const levelsBoard: LeaderboardDefinition = {
  name: 'levels',
  description: 'Members by XP or messages sent.',
  sorts: [
    { name: 'XP', value: 'xp' },
    { name: 'messages', value: 'messages' },
  ],
  async page({ guildId, sort, offset, limit }) {
    await container.levels.store.flush();
    const column = orderColumn(sort);
    const rows = await container.database.query<
      { user_id: string; level: number; total_xp: number; message_count: number; total: string }[]
    >(
      `SELECT user_id, level, total_xp, message_count, count(*) OVER () AS total FROM level
       WHERE guild_id = $1 AND ${column} > 0
       ORDER BY ${column} DESC, user_id ASC OFFSET $2 LIMIT $3`,
      [guildId, offset, limit],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await countOnBoard(guildId, column);
    return {
      total,
      entries: rows.map((row) => ({
        userId: row.user_id,
        value:
          column === 'message_count'
            ? `${row.message_count.toLocaleString('en-US')} messages · Level ${row.level}`
            : `Level ${row.level} · ${row.total_xp.toLocaleString('en-US')} XP`,
      })),
    };
  },
  async rankOf({ guildId, sort, userId }) {
    await container.levels.store.flush();
    return rankOf(guildId, userId, orderColumn(sort));
  },
};

/** The member's 1-based place by `column`, or null when they have none of it. */
export async function rankOf(
  guildId: string,
  userId: string,
  column: (typeof ORDER)[keyof typeof ORDER] = ORDER.xp,
): Promise<number | null> {
  const rows = await container.database.query<{ rank: string | null }[]>(
    `SELECT (SELECT count(*) + 1 FROM level o WHERE o.guild_id = me.guild_id AND o.${column} > 0
              AND (o.${column} > me.${column} OR (o.${column} = me.${column} AND o.user_id < me.user_id))) AS rank
     FROM level me WHERE me.guild_id = $1 AND me.user_id = $2 AND me.${column} > 0`,
    [guildId, userId],
  );
  return rows[0]?.rank ? Number(rows[0].rank) : null;
}

async function countOnBoard(guildId: string, column: string): Promise<number> {
  const rows = await container.database.query<{ total: string }[]>(
    `SELECT count(*) AS total FROM level WHERE guild_id = $1 AND ${column} > 0`,
    [guildId],
  );
  return Number(rows[0].total);
}
