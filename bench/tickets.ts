/**
 * Ticket opening: what the race-free path (per-member advisory lock, open-ticket count, cooldown check, per-guild
 * counter, insert — one transaction) costs against a bare single-row INSERT of the same ticket, measured in the same
 * run on a scratch database: all in one guild (its counter row serialises the commits), spread over several guilds,
 * and how fast simultaneous opens by one member are refused.
 *
 *   node --conditions=development --require @swc-node/register bench/tickets.ts [tickets] [concurrency]
 *
 * Needs PostgreSQL (TEST_POSTGRES_URL, default the local server); creates and drops its own database.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { TicketRepository } from '../plugins/tickets/services/TicketRepository';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { createTestDatabase } from '../test/helpers/database';

/** Runs `count` operations with `concurrency` in flight; returns operations per second. */
async function measure(count: number, concurrency: number, operation: (index: number) => Promise<unknown>) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await operation(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

async function main() {
  const count = Number(process.argv[2] ?? 4000);
  const concurrency = Number(process.argv[3] ?? 8);
  const database = await createTestDatabase('bench_tickets');
  let dataSource: DataSource | undefined;
  try {
    dataSource = createDataSource({
      databaseUrl: database.url,
      dataDir: 'unused',
      plugins: discoverPlugins([resolve(__dirname, '../plugins')]),
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const store = new TicketRepository(dataSource);
    const db = dataSource;
    const member = (index: number) => String(1_300_000_000_000_000_000n + BigInt(index));

    const baseline = await measure(count, concurrency, (index) =>
      db.query(
        `INSERT INTO ticket (guild_id, number, title, description, user_id) VALUES ($1, $2, 'Help', 'Please', $3)`,
        ['1200000000000000001', index + 1, member(index)],
      ),
    );
    const reserved = await measure(count, concurrency, (index) =>
      store.reserve({
        guildId: '1200000000000000002',
        userId: member(index),
        title: 'Help',
        description: 'Please',
        maxOpen: 1,
        cooldownSeconds: 60,
      }),
    );
    const spread = await measure(count, concurrency, (index) =>
      store.reserve({
        guildId: String(1_200_000_000_000_000_100n + BigInt(index % concurrency)),
        userId: member(index),
        title: 'Help',
        description: 'Please',
        maxOpen: 1,
        cooldownSeconds: 60,
      }),
    );
    const refused = await measure(count, concurrency, () =>
      store
        .reserve({
          guildId: '1200000000000000002',
          userId: member(0),
          title: 'Again',
          description: 'Please',
          maxOpen: 1,
          cooldownSeconds: 60,
        })
        .then(
          () => {
            throw new Error('a second ticket was opened');
          },
          () => undefined,
        ),
    );
    const [{ tickets }] = (await db.query(`SELECT count(*)::int AS tickets FROM ticket WHERE guild_id = $1`, [
      '1200000000000000002',
    ])) as { tickets: number }[];
    console.log(`tickets: ${count} per run, ${concurrency} in flight`);
    console.log(`baseline  bare INSERT of a ticket row         ${baseline.toFixed(0).padStart(7)} /s`);
    console.log(
      `reserve   lock + limits + counter + insert    ${reserved.toFixed(0).padStart(7)} /s  (${(reserved / baseline).toFixed(2)}× baseline)`,
    );
    console.log(
      `reserve   the same, spread over ${concurrency} guilds      ${spread.toFixed(0).padStart(7)} /s  (${(spread / baseline).toFixed(2)}× baseline)`,
    );
    console.log(
      `refusals  one member opening ${count} times at once ${refused.toFixed(0).padStart(7)} /s  (${(refused / baseline).toFixed(2)}× baseline); tickets opened: ${tickets - count + 1} of ${count}`,
    );
  } finally {
    await dataSource?.destroy();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
