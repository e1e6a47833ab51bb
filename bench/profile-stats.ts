/**
 * `/stats` lookups at scale: one guild with 100,000 members' statistics and a year of daily rows (and a few other
 * guilds as large), then the queries `/stats member` and `/stats server` run — a random member's counters with their
 * rank by commands, the 30-day series, and the all-time command count — timed interleaved with a plain primary-key
 * lookup of a member's row as the baseline. Target: p99 under 10 ms each.
 *
 *   npm run bench:profile-stats -- [members [lookups]]
 */
import { StatisticsService } from '../plugins/profile/services/StatisticsService';
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

async function main() {
  const { members, lookups } = benchArguments();
  await withSeededDatabase(
    {
      label: 'bench_profile_stats',
      pluginName: 'profile',
      seed: async (dataSource, guildId) => {
        // Commands skewed as on a real server: most members ran a few, a few ran thousands.
        await dataSource.query(
          `INSERT INTO profile_statistics (guild_id, user_id, commands_used, tickets_closed, users_banned, last_active)
           SELECT $1::bigint, ${memberIdSql('n')}, floor(-ln(1 - random()) * 20)::int,
                  (random() * 3)::int, (random() * 1.1)::int, now() - random() * interval '90 days'
           FROM generate_series(1, $2::int) AS n`,
          [guildId, members],
        );
        await dataSource.query(
          `INSERT INTO profile_daily_statistics (guild_id, day, messages, commands, tickets_opened, tickets_closed, moderation_actions)
           SELECT $1::bigint, current_date - d, (random() * 50000)::int, (random() * 5000)::int,
                  (random() * 50)::int, (random() * 50)::int, (random() * 20)::int
           FROM generate_series(0, 364) AS d`,
          [guildId],
        );
      },
      // The histogram the flushes maintain, built at once for the seeded rows.
      afterSeed: (dataSource) =>
        dataSource.query(
          `INSERT INTO profile_commands_histogram (guild_id, commands_used, members)
           SELECT guild_id, commands_used, count(*) FROM profile_statistics WHERE commands_used > 0 GROUP BY 1, 2`,
        ),
      vacuum: ['profile_statistics', 'profile_commands_histogram', 'profile_daily_statistics'],
    },
    async (dataSource) => {
      const statistics = new StatisticsService({
        dataSource,
        counting: () => true,
        clock: () => new Date(),
        flushEveryMs: 60_000,
        logger: console,
      });
      const figures = await measureLookups(
        {
          'primary-key lookup (baseline)': () =>
            dataSource.query('SELECT * FROM profile_statistics WHERE guild_id = $1 AND user_id = $2', [
              GUILD,
              randomMember(members),
            ]),
          member: () => statistics.ofMember(GUILD, randomMember(members)),
          series: () => statistics.series(GUILD, 30),
          allTime: () => statistics.allTimeCommands(GUILD),
        },
        lookups,
      );
      console.log(
        `${members} members in the guild, ${OTHER_GUILDS} other guilds as large, 365 days each; ${lookups} lookups each:`,
      );
      printLookups(figures, 10);
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
