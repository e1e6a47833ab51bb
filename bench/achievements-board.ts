/**
 * `/leaderboard achievements` lookups at scale: one guild with 100,000 members holding achievements (and a few other
 * guilds as large), then the board's queries as the core /leaderboard command runs them — a page at a random depth,
 * the board's size, and a random member's rank — timed interleaved with a plain primary-key lookup of a member's
 * row as the baseline. Target: p99 under 10 ms each.
 *
 *   npm run bench:achievements-board [-- members [lookups]]
 */
import { AchievementRepository } from '../plugins/achievements/services/AchievementRepository';
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

const PAGE_SIZE = 10;

async function main() {
  const { members, lookups } = benchArguments();
  await withSeededDatabase(
    {
      label: 'bench_achievements',
      pluginName: 'achievements',
      // Earned counts skewed as on a real server: most members hold one or two, a few hold many; some hold none.
      seed: (dataSource, guildId) =>
        dataSource.query(
          `INSERT INTO achievement_member (guild_id, user_id, messages, earned)
           SELECT $1::bigint, ${memberIdSql('n')}, (random() * 5000)::int,
                  CASE WHEN random() < 0.1 THEN 0 ELSE floor(-ln(1 - random()) * 3)::int + 1 END
           FROM generate_series(1, $2::int) AS n`,
          [guildId, members],
        ),
      // The board's histogram, built at once for the seeded rows as the migration's backfill does.
      afterSeed: async (dataSource) => {
        await dataSource.query(
          `INSERT INTO achievement_board_count (guild_id, earned, members)
           SELECT guild_id, earned, count(*) FROM achievement_member WHERE earned > 0 GROUP BY 1, 2`,
        );
        await dataSource.query(
          `INSERT INTO achievement_board_bucket (guild_id, earned, bucket, members)
           SELECT guild_id, earned, user_id % 251, count(*) FROM achievement_member WHERE earned > 0 GROUP BY 1, 2, 3`,
        );
      },
      vacuum: ['achievement_member', 'achievement_board_count', 'achievement_board_bucket'],
    },
    async (dataSource) => {
      const repository = new AchievementRepository(dataSource);
      const total = await repository.boardSize(GUILD);
      const pages = Math.ceil(total / PAGE_SIZE);
      const figures = await measureLookups(
        {
          'primary-key lookup (baseline)': () =>
            dataSource.query('SELECT * FROM achievement_member WHERE guild_id = $1 AND user_id = $2', [
              GUILD,
              randomMember(members),
            ]),
          page: () => repository.boardPage(GUILD, Math.floor(Math.random() * pages) * PAGE_SIZE, PAGE_SIZE),
          size: () => repository.boardSize(GUILD),
          rank: () => repository.rankOf(GUILD, randomMember(members)),
        },
        lookups,
      );
      console.log(
        `${members} members in the guild (${total} on the board), ${OTHER_GUILDS} other guilds as large; ${lookups} lookups each:`,
      );
      printLookups(figures, 10);
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
