/**
 * `/stats` lookups at scale: one guild with 100,000 members' statistics and a year of daily rows (and a few other
 * guilds as large), then the queries `/stats member` and `/stats server` run, timed one at a time: a random
 * member's counters with their rank by commands, the 30-day series, and the all-time command count.
 * Target: p99 under 10 ms each.
 *
 *   node --conditions=development --require @swc-node/register bench/profile-stats.ts [members [lookups]]
 */
import 'reflect-metadata';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { PLUGINS_DIRECTORY } from '../src/bot';
import { createTestDatabase } from '../test/helpers/database';
import { StatisticsService } from '../plugins/profile/services/StatisticsService';

const GUILD = '1500000000000000001';
const OTHER_GUILDS = 4;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(runs: number, lookup: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await lookup();
    times.push(performance.now() - start);
  }
  return times;
}

async function main() {
  const members = Number(process.argv[2] ?? 100_000);
  const lookups = Number(process.argv[3] ?? 1000);
  const database = await createTestDatabase('bench_profile_stats');
  const plugins = discoverPlugins([PLUGINS_DIRECTORY]).filter((plugin) => plugin.name === 'profile');
  const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    for (let guild = 0; guild <= OTHER_GUILDS; guild += 1) {
      // Commands skewed as on a real server: most members ran a few, a few ran thousands.
      await dataSource.query(
        `INSERT INTO profile_statistics (guild_id, user_id, commands_used, tickets_closed, users_banned, last_active)
         SELECT $1::bigint + $3, 1600000000000000000 + n, floor(-ln(1 - random()) * 20)::int,
                (random() * 3)::int, (random() * 1.1)::int, now() - random() * interval '90 days'
         FROM generate_series(1, $2::int) AS n`,
        [GUILD, members, guild],
      );
      await dataSource.query(
        `INSERT INTO profile_daily_statistics (guild_id, day, messages, commands, tickets_opened, tickets_closed, moderation_actions)
         SELECT $1::bigint + $2, current_date - d, (random() * 50000)::int, (random() * 5000)::int,
                (random() * 50)::int, (random() * 50)::int, (random() * 20)::int
         FROM generate_series(0, 364) AS d`,
        [GUILD, guild],
      );
    }
    // The histogram the flushes maintain, built at once for the seeded rows.
    await dataSource.query(
      `INSERT INTO profile_commands_histogram (guild_id, commands_used, members)
       SELECT guild_id, commands_used, count(*) FROM profile_statistics WHERE commands_used > 0 GROUP BY 1, 2`,
    );
    await dataSource.query('VACUUM ANALYZE profile_statistics');
    await dataSource.query('VACUUM ANALYZE profile_commands_histogram');
    await dataSource.query('VACUUM ANALYZE profile_daily_statistics');
    const statistics = new StatisticsService({
      dataSource,
      counting: () => true,
      clock: () => new Date(),
      flushEveryMs: 60_000,
      logger: console,
    });
    const randomUser = () => String(1600000000000000000n + BigInt(1 + Math.floor(Math.random() * members)));
    await timed(50, () => statistics.ofMember(GUILD, randomUser()));

    const results = {
      member: await timed(lookups, () => statistics.ofMember(GUILD, randomUser())),
      series: await timed(lookups, () => statistics.series(GUILD, 30)),
      allTime: await timed(lookups, () => statistics.allTimeCommands(GUILD)),
    };
    console.log(`${members} members in the guild, ${OTHER_GUILDS} other guilds as large, 365 days each`);
    for (const [name, times] of Object.entries(results)) {
      console.log(
        `${name.padEnd(7)} p50 ${percentile(times, 50).toFixed(2)} ms · p99 ${percentile(times, 99).toFixed(2)} ms · max ${Math.max(...times).toFixed(2)} ms`,
      );
    }
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
