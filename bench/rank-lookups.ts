/**
 * Rank, leaderboard page and "my page" lookups of levels (XP, messages) and economy (total, wallet) at scale: one
 * guild with 100,000 members (and a few other guilds as large), seeded directly in the database through the real
 * migrations (so the histogram triggers build `level_rank_bucket` / `economy_rank_bucket` as the bot's writes would),
 * then the services' own queries timed interleaved with a plain primary-key lookup as the baseline. Ranks are asked
 * for random members and for members ranked about 90,000th; pages at random offsets and at the bottom of the board.
 * Target: p99 under 10 ms each.
 *
 *   npm run bench:rank-lookups -- [members [lookups]]
 */
import { EconomyService } from '../plugins/economy/services/EconomyService';
import type { EconomySettings } from '../plugins/economy/settings';
import { LevelRepository } from '../plugins/levels/services/LevelRepository';
import {
  GUILD,
  OTHER_GUILDS,
  benchArguments,
  measureLookups,
  memberIdSql,
  printLookups,
  randomMember,
  withSeededDatabase,
} from './lib/memberLookups';

const PAGE = 10;
const randomOffset = (members: number) => Math.floor(Math.random() * (members - PAGE));

async function levels(members: number, lookups: number): Promise<void> {
  await withSeededDatabase(
    {
      label: 'bench_level_ranks',
      pluginName: 'levels',
      // XP skewed as on a real server (most members a little, a few a lot); mostly distinct values, some ties.
      seed: (dataSource, guildId) =>
        dataSource.query(
          `INSERT INTO level (guild_id, user_id, total_xp, message_count)
           SELECT $1::bigint, ${memberIdSql('n')}, xp, xp / 20
           FROM (SELECT n, floor(-ln(1 - random()) * 20000)::int AS xp FROM generate_series(1, $2::int) AS n) seeded`,
          [guildId, members],
        ),
      vacuum: ['level', 'level_rank_bucket'],
    },
    async (dataSource) => {
      // The service reads no settings for boards and ranks; the curve is only needed for XP changes.
      const fail = () => {
        throw new Error('not reached by lookups');
      };
      const repository = new LevelRepository(dataSource, fail);
      const deepStart = Math.floor(members * 0.9) - 500;
      const deep = await dataSource.query<{ user_id: string }[]>(
        `SELECT user_id::text FROM level WHERE guild_id = $1 AND total_xp > 0
         ORDER BY total_xp DESC, user_id OFFSET $2 LIMIT 1000`,
        [GUILD, deepStart],
      );
      // A member ranked about 90,000th, with their rank (the list is in board order from deepStart).
      const deepPick = () => {
        const index = Math.floor(Math.random() * deep.length);
        return { userId: deep[index]!.user_id, rank: deepStart + index + 1 };
      };
      const deepMember = () => deepPick().userId;
      const figures = await measureLookups(
        {
          'primary-key lookup (baseline)': () =>
            dataSource.query('SELECT * FROM level WHERE guild_id = $1 AND user_id = $2', [
              GUILD,
              randomMember(members),
            ]),
          'XP rank, random member': () => repository.rankOf(GUILD, randomMember(members)),
          'XP rank, member ~90,000th': () => repository.rankOf(GUILD, deepMember()),
          'messages rank, random member': () => repository.rankOf(GUILD, randomMember(members), 'messages'),
          'XP page, random offset': () => repository.board(GUILD, 'xp', randomOffset(members), PAGE),
          'XP page at ~90,000': () => repository.board(GUILD, 'xp', Math.floor(members * 0.9), PAGE),
          // What a click on "My page" costs: the viewer's rank came with the page before, so the render asks
          // for that page, the viewer's rank and the board's size at once (the leaderboard command's renderPage).
          'XP "my page" (its page with the rank, as rendered)': () => {
            const { userId, rank } = deepPick();
            return Promise.all([
              repository.board(GUILD, 'xp', Math.floor((rank - 1) / PAGE) * PAGE, PAGE),
              repository.rankOf(GUILD, userId),
            ]);
          },
        },
        lookups,
      );
      console.log(
        `levels: ${members} members in the guild, ${OTHER_GUILDS} other guilds as large; ${lookups} lookups each:`,
      );
      printLookups(figures, 10);
    },
  );
}

async function economy(members: number, lookups: number): Promise<void> {
  await withSeededDatabase(
    {
      label: 'bench_economy_ranks',
      pluginName: 'economy',
      seed: (dataSource, guildId) =>
        dataSource.query(
          `INSERT INTO economy (guild_id, user_id, balance, bank)
           SELECT $1::bigint, ${memberIdSql('n')}, floor(-ln(1 - random()) * 5000)::bigint,
                  floor(-ln(1 - random()) * 50000)::bigint
           FROM generate_series(1, $2::int) AS n`,
          [guildId, members],
        ),
      vacuum: ['economy', 'economy_rank_bucket'],
    },
    async (dataSource) => {
      const settings = { startingBalance: 0 } as unknown as EconomySettings; // lookups read no settings
      const service = new EconomyService(dataSource, { settings: async () => settings });
      const deepStart = Math.floor(members * 0.9) - 500;
      const deep = await dataSource.query<{ user_id: string }[]>(
        `SELECT user_id::text FROM economy WHERE guild_id = $1 AND balance + bank > 0
         ORDER BY balance + bank DESC, user_id OFFSET $2 LIMIT 1000`,
        [GUILD, deepStart],
      );
      // A member ranked about 90,000th, with their rank (the list is in board order from deepStart).
      const deepPick = () => {
        const index = Math.floor(Math.random() * deep.length);
        return { userId: deep[index]!.user_id, rank: deepStart + index + 1 };
      };
      const deepMember = () => deepPick().userId;
      const figures = await measureLookups(
        {
          'primary-key lookup (baseline)': () =>
            dataSource.query('SELECT * FROM economy WHERE guild_id = $1 AND user_id = $2', [
              GUILD,
              randomMember(members),
            ]),
          'total rank, random member (/balance)': () => service.rankOf(GUILD, 'total', randomMember(members)),
          'total rank, member ~90,000th': () => service.rankOf(GUILD, 'total', deepMember()),
          'wallet rank, random member': () => service.rankOf(GUILD, 'wallet', randomMember(members)),
          'total page, random offset': () => service.board(GUILD, 'total', randomOffset(members), PAGE),
          'total page at ~90,000': () => service.board(GUILD, 'total', Math.floor(members * 0.9), PAGE),
          'total "my page" (its page with the rank, as rendered)': () => {
            const { userId, rank } = deepPick();
            return Promise.all([
              service.board(GUILD, 'total', Math.floor((rank - 1) / PAGE) * PAGE, PAGE),
              service.rankOf(GUILD, 'total', userId),
            ]);
          },
        },
        lookups,
      );
      console.log(
        `economy: ${members} members in the guild, ${OTHER_GUILDS} other guilds as large; ${lookups} lookups each:`,
      );
      printLookups(figures, 10);
    },
  );
}

async function main() {
  const { members, lookups } = benchArguments();
  await levels(members, lookups);
  await economy(members, lookups);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
