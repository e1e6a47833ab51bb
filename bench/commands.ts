/**
 * The command path under OPEN-LOOP load: slash commands are offered at a fixed rate whether or not earlier ones were
 * answered (as members do), and each one's latency runs from its dispatch to the first interaction callback the
 * emulator receives for it. Closed-loop benches (a fixed number in flight) hide the queueing this shows.
 *
 * In one run: the emulator in its own process; first a bare Sapphire bot with one `/ping` (bench/bare-ping-bot.ts,
 * its own process) as the baseline, then the real bot compiled as `npm start` runs it (economy and levels on, every
 * member with an account and XP, fresh PostgreSQL database): `/help`, `/balance`, `/pay` (to a random member) and
 * `/rank` (an image), each at every offered rate. Prints p50/p99/max, answered per second, each command's p99 ratio
 * to `/ping` at the same rate, PostgreSQL transactions per command, and each command's capacity: the highest
 * offered rate at which its p99 stays under 100 ms (searched to within 10 % after the listed rates). Each row also
 * says how long each process's event loop stood still at worst while offering (`stalls`; the bot's full garbage
 * collections beside it): at 500/s a 20 ms stall in either holds up ten commands, so a few of them set the p99 —
 * and the emulator's own stalls are the harness's, not the bot's.
 *
 *   npm run bench:commands -- [--rates 250,500,1000] [--seconds 5] [--members 2000] [--commands help,balance,pay,rank]
 *                              [--rounds 1] [--max-rate 2000] [--cpu-prof <dir>] [--skip-baseline]
 *
 * `--rounds N` measures each command N times at each listed rate (interleaved) and reports the round with the median
 * p99, as bench:message-pipeline reports the median of its rounds; every round is printed as it is measured.
 *
 * `--cpu-prof <dir>` writes a V8 CPU profile of the real bot (all of its run) into <dir> for DevTools or speedscope.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PLUGINS_DIRECTORY } from '../src/bot';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { createTestDatabase } from '../test/helpers/database';
import { scrapeMetrics, valueOf } from '../test/helpers/metrics';
import { freePort } from '../test/helpers/privateServers';
import { runBotProcess } from '../test/helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../test/helpers/redis';
import { eventually } from '../test/helpers/wait';
import type { EmulatorProcessReply, EmulatorProcessRequest, OfferResult } from './emulator-process';
import { startEmulatorProcess } from './gateway-baseline';
import { cpuSecondsOf, settled } from './lib/processCpu';

const TOKEN = 'bench-token';
const CAPACITY_P99_MS = 100;
const DRAIN_MS = 3_000;

interface Options {
  rates: number[];
  seconds: number;
  /** Cells per command and listed rate; the one with the median p99 is reported. */
  rounds: number;
  members: number;
  commands: string[];
  maxRate: number;
  cpuProfileDirectory?: string;
  skipBaseline: boolean;
}

interface Cell {
  command: string;
  rate: number;
  p50: number;
  p99: number;
  max: number;
  answeredPerSecond: number;
  unanswered: number;
  emulatorLagMs: number;
  /** The longest the emulator's event loop stood still while offering (ms). */
  emulatorStallMs: number;
  /**
   * The longest the bot's event loop stood still while offering (ms), and its full garbage collections meanwhile
   * (their count and time): stalls in either process hold up every command in flight, so they set the p99.
   */
  botStall?: { maxMs: number; majorGcs: number; majorGcMs: number };
  /** PostgreSQL transactions committed per command offered (each autocommitted statement is one). */
  transactionsPerCommand?: number;
  /**
   * CPU time (user + system) per command offered: the bot's process (the bare bot's too), and the PostgreSQL backends
   * serving it.
   */
  botCpuMicros?: number;
  postgresCpuMicros?: number;
}

type Send = (request: EmulatorProcessRequest) => Promise<EmulatorProcessReply>;

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

function parseOptions(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) flags.set(arg.slice(2), '');
    else flags.set(arg.slice(2), argv[(index += 1)]!);
  }
  const list = (name: string, fallback: string) => (flags.get(name) ?? fallback).split(',').filter(Boolean);
  return {
    rates: list('rates', '250,500,1000').map(Number),
    seconds: Number(flags.get('seconds') ?? 5),
    rounds: Number(flags.get('rounds') ?? 1),
    members: Number(flags.get('members') ?? 2000),
    commands: list('commands', 'help,balance,pay,rank'),
    maxRate: Number(flags.get('max-rate') ?? 2000),
    cpuProfileDirectory: flags.get('cpu-prof') || undefined,
    skipBaseline: flags.has('skip-baseline'),
  };
}

async function offer(send: Send, command: string, rate: number, seconds: number): Promise<OfferResult> {
  const reply = await send({
    type: 'offer',
    command,
    options: command === 'pay' ? 'pay' : 'none',
    ratePerSecond: rate,
    durationMs: seconds * 1000,
    drainMs: DRAIN_MS,
  });
  if (reply.type !== 'offered') throw new Error(`unexpected reply ${reply.type}`);
  return reply;
}

function cellOf(command: string, rate: number, result: OfferResult): Cell {
  // Unanswered commands count with the time they had waited: a lower bound, so a saturated p99 is not flattered.
  const sorted = [...result.latencies, ...result.unanswered].sort((a, b) => a - b);
  return {
    command,
    rate,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    answeredPerSecond: result.answeredPerSecond,
    unanswered: result.unanswered.length,
    emulatorLagMs: result.maxLagMs,
    emulatorStallMs: result.maxStallMs,
  };
}

/**
 * The cell with the median p99 of a command's rounds at one rate: a p99 over a few thousand commands is set by the
 * few stalls that fell in its five seconds, so one round's figure moves by tens of ms from run to run.
 */
function medianCell(rounds: readonly Cell[]): Cell {
  return [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(rounds.length / 2)]!;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Offers each command at each rate (`measure` wraps one offer with whatever else is counted), then searches its
 * capacity: from the highest listed rate it sustained, upwards in steps of 25 % until one fails, then between the two
 * until they are within 10 %.
 */
async function runCommands(
  options: Options,
  commands: string[],
  measure: (command: string, rate: number) => Promise<Cell>,
  settle: () => Promise<void>,
): Promise<{ cells: Cell[]; capacity: Map<string, { rate: number; exact: boolean }> }> {
  const cells: Cell[] = [];
  // A cell leaves work behind: a deferred command (/rank) is answered when deferred and rendered after, a saturated
  // one has a backlog. The next cell starts once the bot is idle again, so it measures only what it offers.
  const rest = async (cell: Cell) => {
    await pause(cell.unanswered > 0 || cell.p99 > 1000 ? 8000 : 1000);
    await settle();
  };
  // Warm-up: JIT, pools, caches; not reported.
  for (const command of commands) await rest(await measure(command, options.rates[0]!));
  for (const rate of options.rates) {
    const rounds = new Map<string, Cell[]>(commands.map((command) => [command, []]));
    // Rounds interleave the commands, so a slow spell of the machine does not fall on one command's cells only.
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const command of commands) {
        const cell = await measure(command, rate);
        rounds.get(command)!.push(cell);
        console.log(`  ${options.rounds > 1 ? `round ${round}: ` : ''}${row(cell)}`);
        await rest(cell);
      }
    }
    for (const measured of rounds.values()) cells.push(medianCell(measured));
  }
  const capacity = new Map<string, { rate: number; exact: boolean }>();
  const probe = async (command: string, rate: number) => {
    const cell = await measure(command, rate);
    console.log(`  capacity search: ${row(cell)}`);
    await rest(cell);
    return cell.p99 < CAPACITY_P99_MS;
  };
  for (const command of commands) {
    const mine = cells.filter((cell) => cell.command === command).sort((a, b) => a.rate - b.rate);
    let best = 0;
    let failedAt: number | undefined;
    for (const cell of mine) {
      if (cell.p99 < CAPACITY_P99_MS && failedAt === undefined) best = cell.rate;
      else failedAt ??= cell.rate;
    }
    // Upwards in steps of 25 % until a rate fails, then halve the gap (geometrically) until the failing rate is
    // within 10 % of the one sustained: listed rates alone put a command sustaining 900/s at 500.
    while (failedAt === undefined && best > 0 && best * 1.25 <= options.maxRate) {
      const rate = Math.round(best * 1.25);
      if (await probe(command, rate)) best = rate;
      else failedAt = rate;
    }
    while (failedAt !== undefined && best > 0 && failedAt / best > 1.1) {
      const rate = Math.round(Math.sqrt(best * failedAt));
      if (await probe(command, rate)) best = rate;
      else failedAt = rate;
    }
    capacity.set(command, { rate: best, exact: failedAt !== undefined });
  }
  return { cells, capacity };
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—').padStart(7);

function row(cell: Cell): string {
  const transactions =
    cell.transactionsPerCommand === undefined ? '' : `  pg xacts/cmd ${cell.transactionsPerCommand.toFixed(2)}`;
  const postgres = cell.postgresCpuMicros === undefined ? '' : `, pg ${cell.postgresCpuMicros.toFixed(0)} µs`;
  const cpu = cell.botCpuMicros === undefined ? '' : `  CPU/cmd bot ${cell.botCpuMicros.toFixed(0)} µs${postgres}`;
  const lag = cell.emulatorLagMs > 20 ? `  (load generator fell ${cell.emulatorLagMs.toFixed(0)} ms behind)` : '';
  const bot = cell.botStall;
  const stalls =
    `  stalls: ${bot ? `bot ${bot.maxMs.toFixed(0)} ms (${bot.majorGcs} full GC, ${bot.majorGcMs.toFixed(0)} ms), ` : ''}` +
    `emulator ${cell.emulatorStallMs.toFixed(0)} ms`;
  return (
    `/${cell.command.padEnd(8)} ${String(cell.rate).padStart(5)}/s  p50 ${ms(cell.p50)} ms  p99 ${ms(cell.p99)} ms  ` +
    `max ${ms(cell.max)} ms  answered ${cell.answeredPerSecond.toFixed(0).padStart(5)}/s` +
    `${cell.unanswered ? `  unanswered ${cell.unanswered}` : ''}${transactions}${cpu}${stalls}${lag}  [load ${load()}]`
  );
}

async function measureBaseline(options: Options) {
  const { child: emulator, send } = await startEmulatorProcess();
  try {
    const ready = await send({ type: 'setup-commands', token: TOKEN, members: options.members });
    if (ready.type !== 'ready-commands') throw new Error(`unexpected reply ${ready.type}`);
    const bot = spawn(
      process.execPath,
      ['--conditions=development', '--require', '@swc-node/register', path.join(__dirname, 'bare-ping-bot.ts')],
      { env: { ...process.env, DISCORD_TOKEN: TOKEN, DISCORD_API_URL: ready.apiUrl }, stdio: 'inherit' },
    );
    const exit = once(bot, 'exit');
    try {
      await send({ type: 'wait-commands', names: ['ping'] });
      await pause(500);
      return await runCommands(
        options,
        ['ping'],
        async (command, rate) => {
          const before = cpuSecondsOf(bot.pid!);
          const result = await offer(send, command, rate, options.seconds);
          const cell = cellOf(command, rate, result);
          cell.botCpuMicros = ((cpuSecondsOf(bot.pid!) - before) * 1e6) / result.offered;
          return cell;
        },
        () => settled(bot.pid!),
      );
    } finally {
      bot.kill('SIGTERM');
      await exit;
    }
  } finally {
    emulator.send({ type: 'stop' });
  }
}

async function measureBot(options: Options) {
  const { child: emulator, send } = await startEmulatorProcess();
  const database = await createTestDatabase('bench_commands');
  try {
    const ready = await send({ type: 'setup-commands', token: TOKEN, members: options.members });
    if (ready.type !== 'ready-commands') throw new Error(`unexpected reply ${ready.type}`);
    const plugins = discoverPlugins([PLUGINS_DIRECTORY]);
    const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    // As admins and members would have left it: economy and levels on, every member with money (spread as on a real
    // server: most a little, a few a lot; enough in every wallet for the run's payments of 1) and some XP.
    for (const plugin of ['economy', 'levels']) {
      await dataSource.query(`INSERT INTO guild_plugin (guild_id, plugin, enabled) VALUES ($1, $2, true)`, [
        ready.guildId,
        plugin,
      ]);
    }
    await dataSource.query(
      `INSERT INTO economy (guild_id, user_id, balance, bank)
       SELECT $1::bigint, member::bigint, 1000000 + floor(-ln(1 - random()) * 1000000)::bigint,
              floor(-ln(1 - random()) * 1000000)::bigint
       FROM unnest($2::text[]) AS member`,
      [ready.guildId, ready.memberIds],
    );
    await dataSource.query(
      `INSERT INTO level (guild_id, user_id, level, xp, total_xp, message_count)
       SELECT $1::bigint, member::bigint, 0, xp, xp, xp / 20
       FROM (SELECT member, (random() * 50000)::int AS xp FROM unnest($2::text[]) AS member) seeded`,
      [ready.guildId, ready.memberIds],
    );
    // The rank histograms too: seeding moved each bucket's count once per member (row triggers), and a histogram left
    // with thousands of dead rows made every /balance rank read 700 buffers instead of 50 (0.45 ms instead of 0.15).
    // A server's histograms are as autovacuum leaves them, as bench:rank-lookups measures them.
    for (const table of ['economy', 'economy_rank_bucket', 'level', 'level_rank_bucket']) {
      await dataSource.query(`VACUUM ANALYZE ${table}`);
    }
    await dataSource.destroy();

    const metricsPort = await freePort();
    const nodeArguments = options.cpuProfileDirectory
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfileDirectory)}`]
      : [];
    const bot = runBotProcess(
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: ready.apiUrl,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_NAMESPACE: uniqueRedisNamespace('bench'),
        REST_REQUESTS_PER_SECOND: '10000',
        LOG_LEVEL: 'info',
        METRICS_PORT: String(metricsPort),
      },
      nodeArguments,
    );
    // The bot's own figures (prom-client's defaults): its event loop's longest delay since the previous scrape, and
    // its full garbage collections so far.
    const botPauses = async () => {
      const samples = await scrapeMetrics(metricsPort);
      const major = { kind: 'major' };
      return {
        loopMaxMs: valueOf(samples, 'nodejs_eventloop_lag_max_seconds') * 1000,
        majorGcs: valueOf(samples, 'nodejs_gc_duration_seconds_count', major),
        majorGcMs: valueOf(samples, 'nodejs_gc_duration_seconds_sum', major) * 1000,
      };
    };
    const db = new Client({ connectionString: database.url });
    try {
      await eventually(() => / in \d+ guild/.test(bot.output()), `the bot to be ready:\n${bot.output()}`, 120_000);
      await send({ type: 'wait-commands', names: options.commands });
      await db.connect();
      const committed = async () => {
        const { rows } = await db.query<{ xact_commit: string }>(
          'SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()',
        );
        return Number(rows[0]!.xact_commit);
      };
      // The backends serving the bot (not this bench's own connection), for their CPU time.
      const backends = async () => {
        const { rows } = await db.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        return rows.map((row) => row.pid);
      };
      const postgresCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
      return await runCommands(
        options,
        options.commands,
        async (command, rate) => {
          const before = await committed();
          const pids = await backends();
          const pausesBefore = await botPauses();
          const [botBefore, postgresBefore] = [cpuSecondsOf(bot.child.pid!), postgresCpu(pids)];
          const result = await offer(send, command, rate, options.seconds);
          const [botAfter, postgresAfter] = [cpuSecondsOf(bot.child.pid!), postgresCpu(pids)];
          const pausesAfter = await botPauses();
          // The statistics collector reports with a delay of up to half a second.
          await pause(700);
          const cell = cellOf(command, rate, result);
          cell.transactionsPerCommand = ((await committed()) - before) / result.offered;
          cell.botCpuMicros = ((botAfter - botBefore) * 1e6) / result.offered;
          cell.postgresCpuMicros = ((postgresAfter - postgresBefore) * 1e6) / result.offered;
          cell.botStall = {
            maxMs: pausesAfter.loopMaxMs,
            majorGcs: pausesAfter.majorGcs - pausesBefore.majorGcs,
            majorGcMs: pausesAfter.majorGcMs - pausesBefore.majorGcMs,
          };
          return cell;
        },
        () => settled(bot.child.pid!),
      );
    } finally {
      await db.end().catch(() => undefined);
      bot.child.kill('SIGTERM');
      if ((await bot.exit) !== 0) console.error(bot.output().slice(-3000));
      const errors = bot.output().match(/^.*(ERROR|WARN).*$/gm) ?? [];
      if (errors.length > 0) console.log(`the bot logged ${errors.length} errors/warnings; the first:\n${errors[0]}`);
      if (options.cpuProfileDirectory) console.log(`CPU profile of the bot in ${options.cpuProfileDirectory}`);
    }
  } finally {
    emulator.send({ type: 'stop' });
    await database.drop();
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  console.log(
    `open-loop command bench: ${options.members} members in one guild, ${options.seconds} s per rate, offered ` +
      `${options.rates.join(', ')}/s; capacity = highest rate with p99 < ${CAPACITY_P99_MS} ms (searched up to ` +
      `${options.maxRate}/s); load average at start ${load()}`,
  );
  let baseline: Awaited<ReturnType<typeof measureBaseline>> | undefined;
  if (!options.skipBaseline) {
    console.log('bare Sapphire bot (one /ping, no database):');
    baseline = await measureBaseline(options);
  }
  console.log('the bot (compiled, economy + levels on):');
  const bot = await measureBot(options);

  console.log('\nsummary (p99 ratio to bare /ping at the same rate):');
  const cells = [...(baseline?.cells ?? []), ...bot.cells];
  for (const rate of options.rates) {
    const ping = baseline?.cells.find((cell) => cell.rate === rate);
    for (const cell of cells.filter((candidate) => candidate.rate === rate)) {
      const ratio = ping && cell !== ping ? `  ${(cell.p99 / ping.p99).toFixed(1)}× /ping` : '';
      const target =
        ping && cell !== ping && rate === 500 && ['help', 'balance', 'pay'].includes(cell.command)
          ? `  target ≤ ${Math.max(3 * ping.p99, 25).toFixed(1)} ms: ${cell.p99 <= Math.max(3 * ping.p99, 25) ? 'met' : 'NOT met'}`
          : '';
      console.log(`  ${row(cell)}${ratio}${target}`);
    }
  }
  console.log('capacity (highest offered rate with p99 < 100 ms):');
  const capacities = new Map([...(baseline?.capacity ?? []), ...bot.capacity]);
  for (const [command, { rate, exact }] of capacities) {
    console.log(`  /${command.padEnd(8)} ${exact ? '' : '≥ '}${rate}/s`);
  }
  const help = capacities.get('help');
  const balance = capacities.get('balance');
  if (help && balance && help.rate > 0) {
    console.log(
      `/balance capacity ÷ /help capacity: ${(balance.rate / help.rate).toFixed(2)} (target ≥ 0.8)` +
        `${help.exact ? '' : ' (/help reached the search ceiling)'}`,
    );
  }
  console.log(`load average at the end: ${load()}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
