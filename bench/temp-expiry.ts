/**
 * Tempban expiry under load: N tempbans expiring within a W-second window, lifted by the real bot (a child
 * process, compiled as `npm start` runs it) through the emulator's REST, which records when each unban arrives.
 * Prints the lateness (unban arrival − expiry) p50 / p99 / max and how many were lost or lifted twice.
 *
 * Baseline, measured in the same run: a bare BullMQ worker (as many jobs at a time as the bot's worker,
 * WORKER_CONCURRENCY) given the same N delayed no-op jobs over the same window; its lateness is the floor of the job
 * queue alone.
 *
 * The bot is measured twice, each time a fresh process: cold (the measured expiries are the first it ever lifts) and
 * warm (after a round of a tenth as many, unmeasured, has run through the same process).
 *
 * The tempbans are created directly (rows in PostgreSQL, bans in the emulator's world, jobs in BullMQ as the
 * plugin queues them) rather than through 10,000 slash commands; the unbans go through the real bot.
 *
 *   node --conditions=development --require @swc-node/register bench/temp-expiry.ts [count=10000] [windowSeconds=10] [guilds=10] [concurrency=8]
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { Emulator } from '../emulator';
import { createTestDatabase } from '../test/helpers/database';
import { runBotProcess } from '../test/helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../test/helpers/redis';

const TOKEN = 'bench-temp-expiry';
/** Time to queue everything before the first expiry. */
const LEAD_MS = 12_000;
/** How long after the window a missing unban counts as lost. */
const GRACE_MS = 30_000;

interface Expiry {
  guildId: string;
  userId: string;
  caseNumber: number;
  caseId: number;
  expiresAt: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function describe(label: string, lateness: number[]): string {
  const sorted = [...lateness].sort((a, b) => a - b);
  return `${label}: p50 ${percentile(sorted, 50).toFixed(0)} ms · p99 ${percentile(sorted, 99).toFixed(0)} ms · max ${sorted.at(-1)?.toFixed(0)} ms`;
}

/** Spreads `count` expiry times evenly over the window starting `LEAD_MS` from now. */
function expiryTimes(count: number, windowMs: number): number[] {
  const start = Date.now() + LEAD_MS;
  return Array.from({ length: count }, (_, index) => start + Math.floor((index * windowMs) / count));
}

/** The floor: a bare BullMQ worker, `concurrency` jobs at a time, recording how late each delayed job starts. */
async function measureQueueBaseline(count: number, windowMs: number, concurrency: number): Promise<number[]> {
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const name = `${uniqueRedisNamespace('bench-baseline')}-tasks`;
  const queue = new Queue(name, { connection });
  const lateness: number[] = [];
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const worker = new Worker(
    name,
    async (job) => {
      lateness.push(Date.now() - (job.data as { dueAt: number }).dueAt);
      if (lateness.length === count) allDone();
    },
    { connection, concurrency },
  );
  const times = expiryTimes(count, windowMs);
  for (let index = 0; index < count; index += 1000) {
    await queue.addBulk(
      times.slice(index, index + 1000).map((dueAt, offset) => ({
        name: 'noop',
        data: { dueAt },
        opts: { delay: dueAt - Date.now(), jobId: `noop-${index + offset}`, removeOnComplete: true },
      })),
    );
  }
  await Promise.race([done, sleep(LEAD_MS + windowMs + GRACE_MS)]);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  return lateness;
}

interface RoundResult {
  lateness: number[];
  lost: number;
  early: number;
  twice: number;
}

async function measureBot(
  count: number,
  windowMs: number,
  guildCount: number,
  concurrency: number,
  warmUp: boolean,
): Promise<RoundResult> {
  const emu = await Emulator.start({ token: TOKEN });
  const database = await createTestDatabase('bench_expiry');
  const namespace = uniqueRedisNamespace('bench-expiry');
  const bot = runBotProcess(
    {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: namespace,
      REST_REQUESTS_PER_SECOND: '10000',
      WORKER_CONCURRENCY: String(concurrency),
      LOG_LEVEL: 'info',
    },
    // e.g. BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the bot under this load.
    process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean),
  );
  const sql = new Client({ connectionString: database.url });
  const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(`${namespace}-tasks`, { connection });
  try {
    const owner = emu.createUser({ username: 'owner' });
    const guilds = Array.from({ length: guildCount }, (_, index) =>
      emu.createGuild({ name: `bench ${index}`, ownerId: owner.id }),
    );
    const moderator = emu.createUser({ username: 'moderator' });
    // The bot logs "Ready" (at info level) once it is connected and migrated.
    const readyBy = Date.now() + 60_000;
    while (!bot.output().includes('Ready as ')) {
      if (Date.now() > readyBy) throw new Error(`the bot did not start:\n${bot.output()}`);
      await sleep(50);
    }
    await sql.connect();
    await sql.query(
      `INSERT INTO guild_plugin (guild_id, plugin, enabled, settings) SELECT unnest($1::bigint[]), 'moderation', true, '{}'`,
      [guilds.map((guild) => guild.id)],
    );
    // The bot loaded these guilds' settings at ready; tell it they changed, as `/plugins enable` elsewhere would.
    await Promise.all(guilds.map((guild) => connection.publish(`${namespace}:guild-settings`, guild.id)));

    let users = 0;
    const round = async (roundCount: number, roundWindowMs: number): Promise<RoundResult> => {
      const since = emu.requests.length;
      const times = expiryTimes(roundCount, roundWindowMs);
      // Case numbers reserved from each guild's counter, which the bot also draws from for its unban cases.
      const reserved = await sql.query<{ guild_id: string; last_case_number: number }>(
        `INSERT INTO moderation_case_counter AS c (guild_id, last_case_number)
         SELECT unnest($1::bigint[]), $2
         ON CONFLICT (guild_id) DO UPDATE SET last_case_number = c.last_case_number + $2
         RETURNING guild_id, last_case_number`,
        [guilds.map((guild) => guild.id), Math.ceil(roundCount / guildCount)],
      );
      const nextCase = new Map(
        reserved.rows.map((row) => [row.guild_id, row.last_case_number - Math.ceil(roundCount / guildCount) + 1]),
      );
      const expiries: Expiry[] = [];
      for (let index = 0; index < roundCount; index += 1) {
        const guild = guilds[index % guildCount]!;
        const user = emu.createUser({ username: `banned${(users += 1)}` });
        guild.bans.set(user.id, { userId: user.id, reason: 'bench' });
        const caseNumber = nextCase.get(guild.id)!;
        nextCase.set(guild.id, caseNumber + 1);
        expiries.push({ guildId: guild.id, userId: user.id, caseNumber, caseId: 0, expiresAt: times[index]! });
      }
      for (let index = 0; index < roundCount; index += 1000) {
        const slice = expiries.slice(index, index + 1000);
        const inserted = await sql.query<{ id: number }>(
          `INSERT INTO moderation_log (guild_id, case_number, user_id, action, reason, performed_by, expires_at)
           SELECT g, n, u, 'tempban', 'bench', $5, to_timestamp(e / 1000.0)
           FROM unnest($1::bigint[], $2::int[], $3::bigint[], $4::float8[]) AS t(g, n, u, e)
           RETURNING id`,
          [
            slice.map((e) => e.guildId),
            slice.map((e) => e.caseNumber),
            slice.map((e) => e.userId),
            slice.map((e) => e.expiresAt),
            moderator.id,
          ],
        );
        inserted.rows.forEach((row, offset) => (slice[offset]!.caseId = row.id));
        await queue.addBulk(
          slice.map((expiry) => ({
            name: 'moderationExpiry',
            data: { guildId: expiry.guildId, caseId: expiry.caseId },
            opts: {
              delay: Math.max(0, expiry.expiresAt - Date.now()),
              jobId: `moderationExpiry-${expiry.caseId}`,
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        );
      }
      // Seeding must end before the window opens, or the first expiries are late before the bot sees them.
      const margin = times[0]! - Date.now();
      console.log(`  queued ${roundCount} jobs; the window opens ${margin} ms later`);

      const deadline = times.at(-1)! + GRACE_MS;
      const liftedAll = () => guilds.every((guild) => guild.bans.size === 0);
      while (!liftedAll() && Date.now() < deadline) await sleep(100);
      await sleep(1_000); // let duplicates, if any, arrive

      const unbans = new Map<string, number[]>();
      for (const request of emu.requests.slice(since)) {
        if (request.method !== 'DELETE' || request.route !== '/guilds/:guildId/bans/:userId' || request.status >= 300) {
          continue;
        }
        const arrivals = unbans.get(request.params.userId!) ?? [];
        arrivals.push(request.time);
        unbans.set(request.params.userId!, arrivals);
      }
      const lateness: number[] = [];
      let lost = 0;
      let early = 0;
      let twice = 0;
      for (const expiry of expiries) {
        const arrivals = unbans.get(expiry.userId);
        if (!arrivals) {
          lost += 1;
          continue;
        }
        if (arrivals.length > 1) twice += 1;
        const late = arrivals[0]! - expiry.expiresAt;
        if (late < 0) early += 1;
        lateness.push(late);
      }
      return { lateness, lost, early, twice };
    };
    if (warmUp) {
      const warm = await round(Math.ceil(count / 10), windowMs);
      console.log(`  ${describe('warm-up round (not counted)', warm.lateness)} · lost ${warm.lost}`);
    }
    return await round(count, windowMs);
  } finally {
    const problems = bot
      .output()
      .split('\n')
      .filter((line) => / - (WARN|ERROR) /.test(line));
    if (problems.length > 0)
      console.log(`  the bot logged ${problems.length} warning(s)/error(s), first: ${problems[0]}`);
    bot.child.kill('SIGTERM');
    await bot.exit;
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await connection.quit();
    await sql.end().catch(() => undefined);
    await emu.stop();
    await database.drop();
  }
}

async function main() {
  const count = Number(process.argv[2] ?? 10_000);
  const windowMs = Number(process.argv[3] ?? 10) * 1000;
  const guildCount = Number(process.argv[4] ?? 10);
  const concurrency = Number(process.argv[5] ?? 8);
  console.log(
    `temp-expiry: ${count} tempbans over ${windowMs / 1000} s in ${guildCount} guilds, ${concurrency} jobs at a time`,
  );
  const baseline = await measureQueueBaseline(count, windowMs, concurrency);
  console.log(`  ${describe('baseline (bare BullMQ worker, no-op jobs)', baseline)} · lost ${count - baseline.length}`);
  const p99 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      99,
    );
  for (const warm of [false, true]) {
    const result = await measureBot(count, windowMs, guildCount, concurrency, warm);
    const label = `bot, ${warm ? 'warm' : 'cold'} (unban arrives at the emulator)`;
    console.log(
      `  ${describe(label, result.lateness)} · lost ${result.lost} · early ${result.early} · lifted twice ${result.twice}`,
    );
    console.log(
      `  p99 ratio bot ${warm ? 'warm' : 'cold'} / baseline: ${(p99(result.lateness) / Math.max(1, p99(baseline))).toFixed(2)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
