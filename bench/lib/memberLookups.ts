/**
 * What the member-lookup benches share (bench/achievements-board.ts, bench/profile-stats.ts): a fresh database with
 * one plugin's migrations, the same 100,000-member guild among others as large, and lookups timed interleaved with
 * a plain primary-key lookup as the baseline of the same run.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { PLUGINS_DIRECTORY } from '../../src/bot';
import { createDataSource } from '../../src/database/dataSource';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { createTestDatabase } from '../../test/helpers/database';

/** The measured guild, and the others as large around it (so every index must tell guilds apart). */
export const GUILD = '1500000000000000001';
export const OTHER_GUILDS = 4;
export const GUILDS = Array.from({ length: 1 + OTHER_GUILDS }, (_, index) => String(BigInt(GUILD) + BigInt(index)));

/**
 * The user id of member `n` (1…members) as SQL, for seeding statements over `generate_series(1, $2::int) AS n`; the
 * same ids as {@link randomMember}.
 */
export const memberIdSql = (n: string) => `1600000000000000000 + ${n}`;

export function randomMember(members: number): string {
  return String(1600000000000000000n + BigInt(1 + Math.floor(Math.random() * members)));
}

/** `members` and `lookups` from the command line: `[members [lookups]]`. */
export function benchArguments(): { members: number; lookups: number } {
  return { members: Number(process.argv[2] ?? 100_000), lookups: Number(process.argv[3] ?? 1000) };
}

/**
 * Runs `run` against a fresh database holding `pluginName`'s tables (its real migrations), dropped afterwards.
 * `seed(guildId)` is called for each of {@link GUILDS}; the tables are vacuumed and analysed after, as autovacuum
 * would after a bulk load (planner statistics, and a visibility map for index-only scans).
 */
export async function withSeededDatabase(
  options: {
    label: string;
    pluginName: string;
    seed: (dataSource: DataSource, guildId: string) => Promise<void>;
    afterSeed?: (dataSource: DataSource) => Promise<void>;
    vacuum: readonly string[];
  },
  run: (dataSource: DataSource) => Promise<void>,
): Promise<void> {
  const database = await createTestDatabase(options.label);
  const plugins = discoverPlugins([PLUGINS_DIRECTORY]).filter((plugin) => plugin.name === options.pluginName);
  const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    for (const guildId of GUILDS) await options.seed(dataSource, guildId);
    await options.afterSeed?.(dataSource);
    for (const table of options.vacuum) await dataSource.query(`VACUUM ANALYZE ${table}`);
    await run(dataSource);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.drop();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface LookupFigures {
  name: string;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Times each lookup `lookups` times, one at a time on one connection, interleaved (every kind meets the same cache
 * and machine load) after a warm-up as a running bot would have had. The first kind is the baseline.
 */
export async function measureLookups(
  kinds: Record<string, () => Promise<unknown>>,
  lookups: number,
  warmup = 50,
): Promise<LookupFigures[]> {
  const timings = new Map<string, number[]>(Object.keys(kinds).map((name) => [name, []]));
  for (let round = 0; round < warmup + lookups; round += 1) {
    for (const [name, lookup] of Object.entries(kinds)) {
      const start = performance.now();
      await lookup();
      if (round >= warmup) timings.get(name)!.push(performance.now() - start);
    }
  }
  return [...timings].map(([name, samples]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { name, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1]! };
  });
}

/** Prints the figures, each kind's p50 and p99 ratio to the baseline (the first), the load, and the target. */
export function printLookups(figures: readonly LookupFigures[], targetP99Ms: number): void {
  const [baseline] = figures;
  const width = Math.max(...figures.map((figure) => figure.name.length));
  for (const figure of figures) {
    const ratio =
      figure === baseline
        ? ''
        : `   ratio to baseline p50 ${(figure.p50 / baseline!.p50).toFixed(1)}× · p99 ${(figure.p99 / baseline!.p99).toFixed(1)}×`;
    console.log(
      `  ${figure.name.padEnd(width)}  p50 ${figure.p50.toFixed(2).padStart(6)} ms · p99 ${figure.p99.toFixed(2).padStart(6)} ms · max ${figure.max.toFixed(2).padStart(6)} ms${ratio}`,
    );
  }
  console.log(
    `machine load average while measuring: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  const slow = figures.slice(1).filter((figure) => figure.p99 >= targetP99Ms);
  console.log(
    slow.length
      ? `over the ${targetP99Ms} ms p99 target: ${slow.map((figure) => figure.name).join(', ')}`
      : `all p99 < ${targetP99Ms} ms`,
  );
}
