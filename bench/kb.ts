/**
 * The KB's read paths at scale: 100,000 entries in one guild (fresh PostgreSQL database, the real migrations,
 * indexes and trigger), then `/kb search` and `/kb show` autocomplete queries through the plugin's repository,
 * interleaved in one run with a plain lookup of an entry by its primary key as the baseline. Prints p50/p99 of
 * each and the ratio of their p99s to the baseline's.
 *
 *   npm run bench:kb [-- entries [samples]]
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { PLUGINS_DIRECTORY } from '../src/bot';
import { createTestDatabase } from '../test/helpers/database';
import { KbRepository } from '../plugins/kb/services/KbRepository';

const GUILD = '900000000000000001';
const AUTHOR = '900000000000000002';
const ENTRIES = Number(process.argv[2] ?? 100_000);
const SAMPLES = Number(process.argv[3] ?? 2_000);
const WARMUP = 200;
const BATCH = 5_000;

/** A small deterministic PRNG (mulberry32), so every run searches the same data. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// A vocabulary of 20,000 pronounceable words of 3–10 letters over the whole alphabet (varied trigrams, as in real
// text), used with a skew: a few words are common (in several percent of entries), most are rare.
const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiouy';
const letter = (from: string) => from[Math.floor(random() * from.length)]!;
const VOCABULARY = [
  ...new Set(
    Array.from({ length: 30_000 }, () => {
      const length = 3 + Math.floor(random() * 8);
      let text = '';
      for (let index = 0; index < length; index += 1) text += letter(index % 2 === 0 ? CONSONANTS : VOWELS);
      return text;
    }),
  ),
].slice(0, 20_000);
const word = () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 2)]!;
const words = (count: number) => Array.from({ length: count }, word).join(' ');
/** A typo: one letter dropped. */
const typo = (text: string) => {
  const at = 1 + Math.floor(random() * (text.length - 1));
  return text.slice(0, at) + text.slice(at + 1);
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main() {
  const database = await createTestDatabase('bench_kb');
  const plugins = discoverPlugins([PLUGINS_DIRECTORY]);
  const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const repository = new KbRepository(dataSource);

    const started = performance.now();
    const titles: string[] = [];
    for (let offset = 0; offset < ENTRIES; offset += BATCH) {
      const size = Math.min(BATCH, ENTRIES - offset);
      const batch = Array.from({ length: size }, (_, index) => {
        const title = `${words(2 + Math.floor(random() * 3))} ${offset + index}`;
        titles.push(title);
        return {
          title,
          content: words(25 + Math.floor(random() * 20)),
          category: `category ${Math.floor(random() * 40)}`,
          tags: [word(), word()],
        };
      });
      await dataSource.query(
        `INSERT INTO knowledge_base (guild_id, title, content, category, tags, created_by)
         SELECT $1, t.title, t.content, t.category, string_to_array(t.tags, ','), $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS t(title, content, category, tags)`,
        [
          GUILD,
          AUTHOR,
          batch.map((entry) => entry.title),
          batch.map((entry) => entry.content),
          batch.map((entry) => entry.category),
          batch.map((entry) => entry.tags.join(',')),
        ],
      );
    }
    // As autovacuum would after a bulk load: statistics for the planner, and a visibility map for index-only scans.
    await dataSource.query('VACUUM ANALYZE knowledge_base');
    await dataSource.query('VACUUM ANALYZE kb_alias');
    const [{ first, last }] = await dataSource.query<{ first: number; last: number }[]>(
      'SELECT min(id) AS first, max(id) AS last FROM knowledge_base',
    );
    console.log(`${ENTRIES} entries in one guild written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const lookup = async () => {
      const id = first + Math.floor(random() * (last - first + 1));
      await dataSource.query('SELECT id, title, content FROM knowledge_base WHERE id = $1', [id]);
    };
    const search = async () => {
      const roll = random();
      const query = roll < 0.5 ? word() : roll < 0.8 ? words(2) : typo(word());
      await repository.search(GUILD, query);
    };
    const autocomplete = async () => {
      const roll = random();
      const typed = roll < 0.7 ? pick(titles).slice(0, 1 + Math.floor(random() * 8)) : typo(word());
      await repository.autocomplete(GUILD, typed);
    };
    const kinds = { 'lookup by id (baseline)': lookup, search, autocomplete } as const;
    const timings = new Map<string, number[]>(Object.keys(kinds).map((name) => [name, []]));

    for (let round = 0; round < WARMUP + SAMPLES; round += 1) {
      // Interleaved, so every kind meets the same cache and machine load.
      for (const [name, run] of Object.entries(kinds)) {
        const begin = performance.now();
        await run();
        if (round >= WARMUP) timings.get(name)!.push(performance.now() - begin);
      }
    }

    const summary = [...timings].map(([name, samples]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return { name, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    });
    const baseline = summary[0]!;
    console.log(`${SAMPLES} samples each, one connection, through the plugin's repository:`);
    for (const { name, p50, p99 } of summary) {
      const ratio = name === baseline.name ? '' : `   p99 ratio to baseline ${(p99 / baseline.p99).toFixed(1)}×`;
      console.log(
        `  ${name.padEnd(24)} p50 ${p50.toFixed(2).padStart(6)} ms   p99 ${p99.toFixed(2).padStart(6)} ms${ratio}`,
      );
    }
    const slow = summary.slice(1).filter(({ p99 }) => p99 >= 20);
    console.log(
      `machine load average while measuring: ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      slow.length ? `over the 20 ms p99 target: ${slow.map(({ name }) => name).join(', ')}` : 'all p99 < 20 ms',
    );
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
