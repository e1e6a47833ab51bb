/**
 * The levels hot path under load: the emulator (its own process) pushes MESSAGE_CREATE from 20,000 members (`--members`) across
 * 100 guilds into the real bot (its own process, compiled as `npm start` runs it, levels enabled everywhere, fresh
 * PostgreSQL database). The figure is messages per second from the first push until PostgreSQL reflects every message (the
 * sum of `message_count` equals the number sent), with the bot process's peak RSS. The bare discord.js baseline
 * (`bench/gateway-baseline`) gets the same messages in the same run; the ratio compares the two.
 *
 *   npm run bench:message-pipeline [-- messages] [--rounds N] [--members N[,N…]] [--per-member N] [--speakers N]
 *     [--plugins levels,audit,…] [--edits P] [--deletes P] [--help-channels P] [--shards N]
 *
 * `--members N` (default 20,000) spreads N members over the 100 guilds; every member speaks in turn, so with 200,000
 * messages and 100,000 members each speaks twice and the bot meets every one of them. `--members 100000,20000`
 * measures each size in every round (alternating) and prints the ratio at the first size over the ratio at each other.
 * The same messages from more members are more rows to write (levels writes a member's row at least once a run);
 * `--per-member N` sends N messages a member at every size instead (N × members), for the same activity per member.
 * `--speakers N` lets only the first N members of every size speak (spread over the guilds alike), so the sizes differ
 * in the guilds' members alone: `--members 100000,20000 --speakers 20000` is what a larger guild costs the bot, with
 * the same members chatting and the same rows written.
 * `--plugins` picks the plugins switched on in every guild (default: levels). With audit, every guild logs
 * MESSAGE_EVENTS to its #general; `--edits P` / `--deletes P` make P % of the messages edited / deleted shortly after
 * they are sent. With achievements, each guild gets a 5-message achievement, so members unlock it during the run.
 * With kb, `--help-channels P` makes #general a help channel in P % of the guilds, each with 50 entries (one close to
 * what members say there), so every message there is matched against the KB.
 * The run ends when PostgreSQL holds every plugin's writes for the traffic: each message's count (levels), each member's
 * copied count (achievements), an audit row per edit and delete (audit); without levels, also not before the bot has
 * received every message (its `bot_gateway_events_total`).
 *
 * `--shards N` compares shard layouts instead: the bot as a shard manager (`SHARDS`, one shard per process) with 1
 * and with N shard processes, each beside as many bare discord.js client processes, one per shard, in the same run
 * (rounds alternate layouts and baseline/bot). The emulator spreads the guilds evenly over the shards and sends each
 * message only to its guild's shard, as Discord does. It prints each layout's rates and ratio, and the N-shard rate
 * over the 1-shard rate (target ≥ 0.95: sharding costs a single machine next to nothing). The bot's CPU is its shard
 * processes' together, its peak RSS the largest one's.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { PLUGINS_DIRECTORY } from '../src/bot';
import { createTestDatabase } from '../test/helpers/database';
import { scrapeMetrics, valueOf } from '../test/helpers/metrics';
import { freePort } from '../test/helpers/privateServers';
import { runBotProcess } from '../test/helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../test/helpers/redis';
import { eventually } from '../test/helpers/wait';
import { measureGatewayBaseline, startEmulatorProcess, type GatewayBaselineResult } from './gateway-baseline';
import { cpuSecondsOf, settled } from './lib/processCpu';
import { measureShardedBaseline } from './lib/shardedBaseline';

const TOKEN = 'bench-token';
const GUILDS = 100;

interface PipelineResult {
  messagesPerSecond: number;
  durationMs: number;
  /** Until the emulator had written every frame: the rest of `durationMs` is the bot catching up and its last writes. */
  pushMs: number;
  peakRssBytes: number;
  /** CPU time the bot process used per message (user + system), less sensitive to other load than the rate. */
  cpuMicrosPerMessage: number;
  /**
   * The emulator's CPU a message over the same time: it shares the machine with the bot, so a rig that costs more in
   * one layout than another shows here rather than as the bot's slowness.
   */
  emulatorCpuMicrosPerMessage: number;
  /**
   * Members' rows the levels plugin wrote (its flushes' `bot_levels_flush_rows`), with levels on: the database work
   * the messages cost, which grows with the members who spoke, not with the messages.
   */
  levelsRows?: number;
}

/** Peak resident set size of a live process (Linux: VmHWM in /proc/<pid>/status). */
function peakRssOf(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}

interface PipelineOptions {
  members: number;
  plugins: string[];
  edits: number;
  deletes: number;
  /** With kb: the percentage of guilds whose #general is a help channel, where messages may get a suggestion. */
  helpChannels: number;
  /** Run the bot as a shard manager with this many shard processes (one shard each), instead of one process. */
  shards?: number;
  /** Only the first N members speak (default: all of them). */
  speakers?: number;
}

/** `Shard manager: shard process 0 (shard(s) 0) is ready (pid 1234).` */
const SHARD_READY = /Shard manager: shard process \d+ .* is ready \(pid (\d+)\)/g;

/** What a help channel's KB holds in the bench: topics members ask about, one close to what they say. */
const KB_TOPICS = ['printer offline', 'reset my password', 'vpn will not connect', 'hello there', 'billing question'];

async function measurePipeline(messages: number, options: PipelineOptions): Promise<PipelineResult> {
  const { child: emulator, send } = await startEmulatorProcess();
  const database = await createTestDatabase('bench_levels');
  try {
    const ready = await send({
      type: 'setup',
      token: TOKEN,
      guilds: GUILDS,
      members: options.members,
      shards: options.shards,
    });
    if (ready.type !== 'ready') throw new Error(`unexpected reply ${ready.type}`);

    // Migrate and switch levels on in every guild before the bot starts, as admins would have.
    const plugins = discoverPlugins([PLUGINS_DIRECTORY]);
    const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    for (const plugin of options.plugins) {
      await dataSource.query(
        `INSERT INTO guild_plugin (guild_id, plugin, enabled) SELECT unnest($1::bigint[]), $2, true`,
        [ready.guildIds, plugin],
      );
    }
    if (options.plugins.includes('achievements')) {
      await dataSource.query(
        `INSERT INTO achievement (guild_id, name, description, type, requirement, reward, icon)
         SELECT unnest($1::bigint[]), 'Regular', 'Send 5 messages.', 'MESSAGES', 5, 0, '💬'`,
        [ready.guildIds],
      );
    }
    if (options.plugins.includes('audit')) {
      await dataSource.query(
        `INSERT INTO guild_config (id, name, log_channel_id, audit_events)
         SELECT guild, 'bench', channel, '{MESSAGE_EVENTS}' FROM unnest($1::bigint[], $2::bigint[]) AS t(guild, channel)`,
        [ready.guildIds, ready.generalChannelIds],
      );
    }
    if (options.plugins.includes('kb') && options.helpChannels > 0) {
      const count = Math.round((GUILDS * options.helpChannels) / 100);
      const guilds = ready.guildIds.slice(0, count);
      await dataSource.query(
        `UPDATE guild_plugin SET settings = jsonb_build_object('helpChannelIds', jsonb_build_array(t.channel::text))
         FROM unnest($1::bigint[], $2::bigint[]) AS t(guild, channel)
         WHERE guild_plugin.plugin = 'kb' AND guild_plugin.guild_id = t.guild`,
        [guilds, ready.generalChannelIds.slice(0, count)],
      );
      await dataSource.query(
        `INSERT INTO knowledge_base (guild_id, title, content, category, tags, created_by)
         SELECT g, initcap(topic) || CASE WHEN n = 0 THEN '' ELSE ' ' || n END, 'How to deal with ' || topic || '.',
                'help', ARRAY['bench'], g
         FROM unnest($1::bigint[]) AS g, unnest($2::text[]) AS topic, generate_series(0, 9) AS n`,
        [guilds, KB_TOPICS],
      );
    }
    await dataSource.destroy();

    const metricsPort = await freePort();
    const bot = runBotProcess(
      {
        DISCORD_TOKEN: TOKEN,
        // With shards, shard process n serves its metrics on METRICS_PORT + n.
        METRICS_PORT: String(metricsPort),
        DISCORD_API_URL: ready.apiUrl,
        DATABASE_URL: database.url,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_NAMESPACE: uniqueRedisNamespace('bench'),
        REST_REQUESTS_PER_SECOND: '5000',
        LOG_LEVEL: 'info',
        ...(options.shards && { SHARDS: String(options.shards), SHARDS_PER_PROCESS: '1' }),
        // The cache limits to try, when the bench is given them (the bot's defaults otherwise).
        ...Object.fromEntries(
          ['MEMBER_CACHE_SIZE', 'USER_CACHE_SIZE'].flatMap((name) => {
            const value = process.env[name];
            return value ? [[name, value]] : [];
          }),
        ),
      },
      // e.g. BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the bot under this load.
      process.env.BENCH_BOT_NODE_ARGS?.split(' ').filter(Boolean),
    );
    const db = new Client({ connectionString: database.url });
    try {
      // The processes handling messages: the bot, or each shard process of its manager.
      const shardPids = () => [...bot.output().matchAll(SHARD_READY)].map((match) => Number(match[1]));
      const pids = async () => {
        if (!options.shards) {
          await eventually(() => / in \d+ guild/.test(bot.output()), `the bot to be ready:\n${bot.output()}`, 120_000);
          return [bot.child.pid!];
        }
        // The manager starts shard processes 5.5 s apart.
        const wait = 120_000 + options.shards * 6_000;
        await eventually(() => shardPids().length === options.shards, `the shards to be ready:\n${bot.output()}`, wait);
        return shardPids();
      };
      const botPids = await pids();
      const cpuOfBot = () => botPids.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
      await db.connect();
      await Promise.all(botPids.map((pid) => settled(pid)));
      const levels = options.plugins.includes('levels');
      const reflected = async () => {
        if (!levels) return messages;
        const { rows } = await db.query<{ messages: string | null }>(
          'SELECT sum(message_count) AS messages FROM level',
        );
        if (!options.plugins.includes('achievements')) return Number(rows[0].messages ?? 0);
        const copied = await db.query<{ messages: string | null }>(
          'SELECT sum(messages) AS messages FROM achievement_member',
        );
        return Math.min(Number(rows[0].messages ?? 0), Number(copied.rows[0].messages ?? 0));
      };
      // Without levels nothing in PostgreSQL follows the messages; the bot's own count of those it received does.
      const received = () =>
        botMetric(metricsPort, botPids.length, 'bot_gateway_events_total', { event: 'MESSAGE_CREATE' });
      const auditRows = async () => {
        if (!options.plugins.includes('audit')) return 0;
        const { rows } = await db.query<{ count: string }>('SELECT count(*) AS count FROM audit_log');
        return Number(rows[0].count);
      };

      const cpuBefore = cpuOfBot();
      const emulatorCpuBefore = cpuSecondsOf(emulator.pid!);
      const start = performance.now();
      const pushed = await send({
        type: 'push-members',
        count: messages,
        speakers: options.speakers,
        edits: options.edits,
        deletes: options.deletes,
      });
      if (pushed.type !== 'pushed') throw new Error(`unexpected reply ${pushed.type}`);
      const pushMs = performance.now() - start;
      const expectedAuditRows = options.plugins.includes('audit') ? pushed.edits + pushed.deletes : 0;
      await eventually(
        async () =>
          (await reflected()) >= messages &&
          // Polled only without levels: a scrape costs the bot more than a sum costs PostgreSQL.
          (levels || (await received()) >= messages) &&
          (await auditRows()) >= expectedAuditRows,
        'every message received, and every message and audit row in PostgreSQL',
        600_000,
        // Each check sums whole tables: polled every 10 ms, it kept a core of PostgreSQL busy while the bot wrote.
        POLL_MS,
      );
      const durationMs = performance.now() - start;
      const cpuSeconds = cpuOfBot() - cpuBefore;
      const emulatorCpuSeconds = cpuSecondsOf(emulator.pid!) - emulatorCpuBefore;
      const peakRssBytes = Math.max(...botPids.map((pid) => peakRssOf(pid)));
      if ((await reflected()) !== messages) throw new Error(`PostgreSQL counts ${await reflected()} messages`);
      if ((await auditRows()) !== expectedAuditRows) {
        throw new Error(`PostgreSQL holds ${await auditRows()} audit rows, expected ${expectedAuditRows}`);
      }
      return {
        messagesPerSecond: messages / (durationMs / 1000),
        durationMs,
        pushMs,
        peakRssBytes,
        cpuMicrosPerMessage: (cpuSeconds * 1e6) / messages,
        emulatorCpuMicrosPerMessage: (emulatorCpuSeconds * 1e6) / messages,
        levelsRows: levels ? await botMetric(metricsPort, botPids.length, 'bot_levels_flush_rows_sum') : undefined,
      };
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exit;
      await db.end().catch(() => undefined);
    }
  } finally {
    emulator.send({ type: 'stop' });
    await database.drop();
  }
}

/** A metric of the bot summed over its processes (their /metrics on consecutive ports from `port`). */
async function botMetric(
  port: number,
  processes: number,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  let sum = 0;
  for (let index = 0; index < processes; index += 1) sum += valueOf(await scrapeMetrics(port + index), name, labels);
  return sum;
}

/** How often the bench asks PostgreSQL whether it holds everything: 100 ms is under 1 % of a round. */
const POLL_MS = 100;

const rowsWritten = ({ levelsRows }: PipelineResult, messages: number) =>
  levelsRows === undefined ? '' : `; levels wrote ${levelsRows} rows, ${(levelsRows / messages).toFixed(2)} a message`;
/** What a run waited for (see {@link measurePipeline}). */
const runEnd = (plugins: string[]) =>
  plugins.includes('levels')
    ? 'PostgreSQL holds every message'
    : `it received every message${plugins.length > 0 ? " and PostgreSQL holds its plugins' writes" : ''}`;
const labelOf = (plugins: string[]) => (plugins.length > 0 ? plugins.join('+') : 'no plugins');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `--name value` options, and the remaining positional arguments. */
function parseArguments(argv: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg.startsWith('--')) flags.set(arg.slice(2), argv[(index += 1)] ?? '');
    else positional.push(arg);
  }
  return { positional, flags };
}

function percent(flags: Map<string, string>, name: string): number {
  const value = Number(flags.get(name) ?? 0);
  if (!Number.isInteger(value) || value < 0 || value > 50) throw new Error(`--${name} takes a percentage from 0 to 50`);
  return value;
}

async function main() {
  const { positional, flags } = parseArguments(process.argv.slice(2));
  const messages = Number(positional[0] ?? 200_000);
  const rounds = Number(flags.get('rounds') ?? positional[1] ?? 3);
  const memberCounts = (flags.get('members') ?? '20000').split(',').map(Number);
  if (memberCounts.some((members) => !Number.isInteger(members) || members < GUILDS)) {
    throw new Error(`--members takes whole numbers ≥ ${GUILDS}, separated by commas`);
  }
  const options: PipelineOptions = {
    members: memberCounts[0]!,
    plugins: (flags.get('plugins') ?? 'levels').split(',').filter(Boolean),
    edits: percent(flags, 'edits'),
    deletes: percent(flags, 'deletes'),
    helpChannels: Number(flags.get('help-channels') ?? 0),
    speakers: flags.has('speakers') ? Number(flags.get('speakers')) : undefined,
  };
  const { speakers } = options;
  if (speakers !== undefined) {
    if (!Number.isInteger(speakers) || speakers < GUILDS || memberCounts.some((members) => speakers > members)) {
      throw new Error(`--speakers takes a whole number from ${GUILDS} to the smallest --members`);
    }
    if (flags.has('shards')) throw new Error('--speakers is for member sizes, not with --shards');
  }
  const perMember = flags.has('per-member') ? Number(flags.get('per-member')) : undefined;
  if (perMember !== undefined && (!Number.isInteger(perMember) || perMember < 1)) {
    throw new Error('--per-member takes a whole number ≥ 1');
  }
  const messagesFrom = (members: number) => (perMember === undefined ? messages : perMember * (speakers ?? members));
  const label = labelOf(options.plugins);
  if (flags.has('shards')) {
    const shards = Number(flags.get('shards'));
    if (!Number.isInteger(shards) || shards < 1) throw new Error('--shards takes a whole number ≥ 1');
    await compareShardLayouts(messagesFrom(options.members), rounds, options, shards);
    return;
  }
  console.log(
    `${perMember === undefined ? messages : `${perMember} a member:`} MESSAGE_CREATE from ` +
      `${speakers === undefined ? '' : `the first ${speakers} of `}${memberCounts.join(' / ')} members across ` +
      `${GUILDS} guilds, ${rounds} round(s); plugins: ` +
      `${options.plugins.join('+') || 'none'}; ${options.edits}% edited, ${options.deletes}% deleted` +
      (options.helpChannels > 0 ? `; kb help channels in ${options.helpChannels}% of guilds` : ''),
  );
  // Baseline and bot alternate, and so do the member counts within a round, so a burst of load from elsewhere on
  // the machine hits them all alike.
  const results = new Map(memberCounts.map((members) => [members, [] as LayoutRound[]]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const members of memberCounts) {
      const sent = messagesFrom(members);
      const baseline = await measureGatewayBaseline({
        messages: sent,
        guilds: GUILDS,
        members,
        fromEveryMember: true,
        speakers,
      });
      const pipeline = await measurePipeline(sent, { ...options, members });
      results.get(members)!.push({ baseline, pipeline });
      console.log(
        `round ${round}${memberCounts.length > 1 ? `, ${members} members` : ''}: baseline ` +
          `${Math.round(baseline.messagesPerSecond)} messages/s (CPU ${baseline.cpuMicrosPerMessage.toFixed(1)} µs a ` +
          `message, peak RSS ${mib(baseline.peakRssBytes)}); bot with ${label} ` +
          `${Math.round(pipeline.messagesPerSecond)} messages/s until ${runEnd(options.plugins)} ` +
          `(${(pipeline.durationMs / 1000).toFixed(2)} s, pushed in ${(pipeline.pushMs / 1000).toFixed(2)} s; bot CPU ` +
          `${pipeline.cpuMicrosPerMessage.toFixed(1)} µs a message, emulator CPU ` +
          `${pipeline.emulatorCpuMicrosPerMessage.toFixed(1)} µs, bot peak RSS ${mib(pipeline.peakRssBytes)}` +
          `${rowsWritten(pipeline, sent)})`,
      );
    }
  }
  const ratios = new Map<number, number>();
  /** Levels' rows a message at each size (median), when levels is on. */
  const rowsPerMessage = new Map<number, number>();
  for (const [members, runs] of results) {
    const rows = runs.flatMap(({ pipeline }) => (pipeline.levelsRows === undefined ? [] : [pipeline.levelsRows]));
    if (rows.length > 0) rowsPerMessage.set(members, median(rows) / messagesFrom(members));
    const baselineMedian = median(runs.map((run) => run.baseline.messagesPerSecond));
    const pipelineMedian = median(runs.map((run) => run.pipeline.messagesPerSecond));
    const baselineCpu = median(runs.map((run) => run.baseline.cpuMicrosPerMessage));
    const pipelineCpu = median(runs.map((run) => run.pipeline.cpuMicrosPerMessage));
    const peak = (of: (run: LayoutRound) => number) => mib(Math.max(...runs.map(of)));
    const at = memberCounts.length > 1 ? ` at ${members} members` : '';
    console.log(`baseline (bare discord.js client)${at}, median: ${Math.round(baselineMedian)} messages/s`);
    console.log(
      `bot with ${label}${at}, median: ${Math.round(pipelineMedian)} messages/s; peak RSS of the bot process ` +
        `${peak((run) => run.pipeline.peakRssBytes)} (baseline client ${peak((run) => run.baseline.peakRssBytes)})`,
    );
    // CPU per message moves much less than the rate when other work shares the machine: a second view of the ratio.
    console.log(
      `CPU a message${at}, median: baseline ${baselineCpu.toFixed(1)} µs, bot ${pipelineCpu.toFixed(1)} µs; ` +
        `CPU ratio (baseline / bot): ${(baselineCpu / pipelineCpu).toFixed(2)}`,
    );
    const ratio = pipelineMedian / baselineMedian;
    ratios.set(members, ratio);
    console.log(
      `ratio${at}: ${ratio.toFixed(2)} ` +
        `(target ≥ ${options.plugins.some((plugin) => plugin !== 'levels') ? '0.6' : '0.5'})`,
    );
  }
  if (memberCounts.length > 1) {
    const [first, ...others] = memberCounts;
    for (const members of others) {
      console.log(
        `ratio at ${first} members ÷ ratio at ${members} members: ` +
          `${(ratios.get(first!)! / ratios.get(members)!).toFixed(2)}`,
      );
      // More members speaking fewer messages each are more rows a message: a database cost, not the guild size's.
      const [firstRows, otherRows] = [rowsPerMessage.get(first!), rowsPerMessage.get(members)];
      if (firstRows !== undefined && otherRows !== undefined && Math.abs(firstRows / otherRows - 1) > 0.1) {
        console.log(
          `  levels wrote ${firstRows.toFixed(2)} rows a message at ${first} members against ` +
            `${otherRows.toFixed(2)} at ${members}: the sizes differ in members speaking too ` +
            '(--per-member or --speakers holds that equal)',
        );
      }
    }
  }
  // Other work on the machine slows both; the load says how much to trust the rates.
  console.log(
    `machine load average at the end: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
}

/** One round's figures of a layout: its baseline and the bot. */
interface LayoutRound {
  baseline: GatewayBaselineResult;
  pipeline: PipelineResult;
}

/**
 * `--shards N`: the bot with 1 and with N shard processes, each beside bare clients of the same layout, `rounds`
 * times (layouts and baseline/bot alternating, so load from elsewhere hits all alike); medians of each.
 */
async function compareShardLayouts(messages: number, rounds: number, options: PipelineOptions, shards: number) {
  const label = labelOf(options.plugins);
  const layouts = shards > 1 ? [1, shards] : [1];
  console.log(
    `${messages} MESSAGE_CREATE from ${options.members} members across ${GUILDS} guilds, ${rounds} round(s); plugins: ` +
      `${options.plugins.join('+') || 'none'}; shard layouts ${layouts.join(' and ')} ` +
      '(one shard per process, bot and bare clients alike)',
  );
  const results = new Map<number, LayoutRound[]>(layouts.map((layout) => [layout, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const layout of layouts) {
      const baseline = await measureShardedBaseline({
        messages,
        guilds: GUILDS,
        members: options.members,
        shards: layout,
      });
      const pipeline = await measurePipeline(messages, { ...options, shards: layout });
      results.get(layout)!.push({ baseline, pipeline });
      console.log(
        `round ${round}, ${layout} shard(s): baseline ${Math.round(baseline.messagesPerSecond)} messages/s (CPU ` +
          `${baseline.cpuMicrosPerMessage.toFixed(1)} µs a message); bot with ${label} ` +
          `${Math.round(pipeline.messagesPerSecond)} messages/s until ${runEnd(options.plugins)} ` +
          `(${(pipeline.durationMs / 1000).toFixed(2)} s, pushed in ${(pipeline.pushMs / 1000).toFixed(2)} s; bot CPU ` +
          `${pipeline.cpuMicrosPerMessage.toFixed(1)} µs a message, emulator CPU ` +
          `${pipeline.emulatorCpuMicrosPerMessage.toFixed(1)} µs, largest shard process peak RSS ` +
          `${mib(pipeline.peakRssBytes)}${rowsWritten(pipeline, messages)})`,
      );
    }
  }
  const medians = new Map(
    layouts.map((layout) => {
      const runs = results.get(layout)!;
      return [
        layout,
        {
          baseline: median(runs.map((run) => run.baseline.messagesPerSecond)),
          bot: median(runs.map((run) => run.pipeline.messagesPerSecond)),
          baselineCpu: median(runs.map((run) => run.baseline.cpuMicrosPerMessage)),
          botCpu: median(runs.map((run) => run.pipeline.cpuMicrosPerMessage)),
        },
      ] as const;
    }),
  );
  for (const [layout, figures] of medians) {
    console.log(
      `${layout} shard(s), medians: baseline ${Math.round(figures.baseline)} messages/s, bot ` +
        `${Math.round(figures.bot)} messages/s; ratio ${(figures.bot / figures.baseline).toFixed(2)}; CPU a message ` +
        `baseline ${figures.baselineCpu.toFixed(1)} µs, bot ${figures.botCpu.toFixed(1)} µs`,
    );
  }
  console.log(
    `machine load average at the end: ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  if (shards > 1) {
    const one = medians.get(1)!;
    const many = medians.get(shards)!;
    console.log(
      `${shards} shards / 1 shard: bot ${(many.bot / one.bot).toFixed(2)} (target ≥ 0.95), baseline ` +
        `${(many.baseline / one.baseline).toFixed(2)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
