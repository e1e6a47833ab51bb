/**
 * `/leaderboard achievements` lookups at scale: one guild with 100,000 members holding achievements (and a few other
 * guilds around it), then the board's queries timed one at a time — the size, a page at a random depth, and a random
 * member's rank — as the core /leaderboard command runs them. Target: p99 under 10 ms each.
 *
 *   npm run bench:achievements-board [-- members [lookups]]
 */
import 'reflect-metadata';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { PLUGINS_DIRECTORY } from '../src/bot';
import { createTestDatabase } from '../test/helpers/database';
import { AchievementRepository } from '../plugins/achievements/services/AchievementRepository';

const GUILD = '1500000000000000001';
const OTHER_GUILDS = 4;
const PAGE_SIZE = 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(runs: number, lookup: (index: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const start = performance.now();
    await lookup(index);
    times.push(performance.now() - start);
  }
  return times;
}

async function main() {
  const members = Number(process.argv[2] ?? 100_000);
  const lookups = Number(process.argv[3] ?? 1000);
  const database = await createTestDatabase('bench_achievements');
  const plugins = discoverPlugins([PLUGINS_DIRECTORY]).filter((plugin) => plugin.name === 'achievements');
  const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    // Earned counts skewed as on a real server: most members hold one or two, a few hold many; some hold none.
    for (let guild = 0; guild <= OTHER_GUILDS; guild += 1) {
      await dataSource.query(
        `INSERT INTO achievement_member (guild_id, user_id, messages, earned)
         SELECT $1::bigint + $3, 1600000000000000000 + n, (random() * 5000)::int,
                CASE WHEN random() < 0.1 THEN 0 ELSE floor(-ln(1 - random()) * 3)::int + 1 END
         FROM generate_series(1, $2::int) AS n`,
        [GUILD, members, guild],
      );
    }
    await dataSource.query('VACUUM ANALYZE achievement_member');
    const repository = new AchievementRepository(dataSource);
    const total = await repository.boardSize(GUILD);
    const pages = Math.ceil(total / PAGE_SIZE);
    const randomUser = () => String(1600000000000000000n + BigInt(1 + Math.floor(Math.random() * members)));
    // Warm-up, as a running bot would be.
    await timed(50, () => repository.rankOf(GUILD, randomUser()));

    const results = {
      size: await timed(lookups, () => repository.boardSize(GUILD)),
      page: await timed(lookups, () =>
        repository.boardPage(GUILD, Math.floor(Math.random() * pages) * PAGE_SIZE, PAGE_SIZE),
      ),
      rank: await timed(lookups, () => repository.rankOf(GUILD, randomUser())),
    };
    console.log(`${members} members in the guild (${total} on the board), ${OTHER_GUILDS} other guilds as large`);
    for (const [name, times] of Object.entries(results)) {
      console.log(
        `${name.padEnd(5)} p50 ${percentile(times, 50).toFixed(2)} ms · p99 ${percentile(times, 99).toFixed(2)} ms · max ${Math.max(...times).toFixed(2)} ms`,
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
