/**
 * The levels hot path under load: the emulator (its own process) pushes MESSAGE_CREATE from 20,000 members across
 * 100 guilds into the real bot (its own process, compiled as `npm start` runs it, levels enabled everywhere, fresh
 * PostgreSQL database). The figure is messages per second from the first push until PostgreSQL reflects every message (the
 * sum of `message_count` equals the number sent), with the bot process's peak RSS. The bare discord.js baseline
 * (`bench/gateway-baseline`) gets the same messages in the same run; the ratio compares the two.
 *
 * `--plugins a,b` enables those plugins instead of levels alone (levels must be among them: it is what is measured
 * into PostgreSQL). With achievements on, each guild also gets a 5-message achievement, so members unlock it during
 * the run, and the run ends when achievements has stored every member's count too.
 *
 *   npm run bench:message-pipeline [-- messages [rounds]] [--plugins levels,achievements]
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { createDataSource } from '../src/database/dataSource';
import { discoverPlugins } from '../src/plugin-system/discovery';
import { PLUGINS_DIRECTORY } from '../src/bot';
import { createTestDatabase } from '../test/helpers/database';
import { runBotProcess } from '../test/helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../test/helpers/redis';
import { eventually } from '../test/helpers/wait';
import { measureGatewayBaseline, startEmulatorProcess } from './gateway-baseline';

const TOKEN = 'bench-token';
const GUILDS = 100;
const MEMBERS = 20_000;

interface PipelineResult {
  messagesPerSecond: number;
  durationMs: number;
  peakRssBytes: number;
  /** CPU time the bot process used per message (user + system), less sensitive to other load than the rate. */
  cpuMicrosPerMessage: number;
}

/** CPU seconds (user + system) a live process has used so far (Linux: /proc/<pid>/stat, 100 ticks a second). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak resident set size of a live process (Linux: VmHWM in /proc/<pid>/status). */
function peakRssOf(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}

async function measurePipeline(messages: number, enabled: readonly string[]): Promise<PipelineResult> {
  const { child: emulator, send } = await startEmulatorProcess();
  const database = await createTestDatabase('bench_levels');
  try {
    const ready = await send({ type: 'setup', token: TOKEN, guilds: GUILDS, members: MEMBERS });
    if (ready.type !== 'ready') throw new Error(`unexpected reply ${ready.type}`);

    // Migrate and switch the plugins on in every guild before the bot starts, as admins would have.
    const plugins = discoverPlugins([PLUGINS_DIRECTORY]);
    const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(
      `INSERT INTO guild_plugin (guild_id, plugin, enabled)
       SELECT guild_id, plugin, true FROM unnest($1::bigint[]) AS guild_id CROSS JOIN unnest($2::varchar[]) AS plugin`,
      [ready.guildIds, enabled],
    );
    if (enabled.includes('achievements')) {
      await dataSource.query(
        `INSERT INTO achievement (guild_id, name, description, type, requirement, reward, icon)
         SELECT unnest($1::bigint[]), 'Regular', 'Send 5 messages.', 'MESSAGES', 5, 0, '💬'`,
        [ready.guildIds],
      );
    }
    await dataSource.destroy();

    const bot = runBotProcess({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: ready.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('bench'),
      REST_REQUESTS_PER_SECOND: '5000',
      LOG_LEVEL: 'info',
    });
    const db = new Client({ connectionString: database.url });
    try {
      await eventually(() => / in \d+ guild/.test(bot.output()), `the bot to be ready:\n${bot.output()}`, 120_000);
      await db.connect();
      const reflected = async () => {
        const { rows } = await db.query<{ messages: string | null }>(
          'SELECT sum(message_count) AS messages FROM level',
        );
        if (!enabled.includes('achievements')) return Number(rows[0].messages ?? 0);
        const copied = await db.query<{ messages: string | null }>(
          'SELECT sum(messages) AS messages FROM achievement_member',
        );
        return Math.min(Number(rows[0].messages ?? 0), Number(copied.rows[0].messages ?? 0));
      };

      const cpuBefore = cpuSecondsOf(bot.child.pid!);
      const start = performance.now();
      await send({ type: 'push-members', count: messages });
      await eventually(async () => (await reflected()) >= messages, 'every message in PostgreSQL', 600_000);
      const durationMs = performance.now() - start;
      const cpuSeconds = cpuSecondsOf(bot.child.pid!) - cpuBefore;
      const peakRssBytes = peakRssOf(bot.child.pid!);
      if ((await reflected()) !== messages) throw new Error(`PostgreSQL counts ${await reflected()} messages`);
      return {
        messagesPerSecond: messages / (durationMs / 1000),
        durationMs,
        peakRssBytes,
        cpuMicrosPerMessage: (cpuSeconds * 1e6) / messages,
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

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** `--plugins a,b` (default: levels) and the positional arguments around it. */
function parseArguments(argv: readonly string[]): { positional: string[]; plugins: string[] } {
  const positional: string[] = [];
  let plugins = ['levels'];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--plugins') plugins = (argv[++index] ?? '').split(',').filter(Boolean);
    else if (arg.startsWith('--plugins=')) plugins = arg.slice('--plugins='.length).split(',').filter(Boolean);
    else positional.push(arg);
  }
  if (!plugins.includes('levels')) throw new Error('--plugins must include levels: the bench measures its pipeline.');
  return { positional, plugins };
}

async function main() {
  const { positional, plugins } = parseArguments(process.argv.slice(2));
  const messages = Number(positional[0] ?? 200_000);
  const rounds = Number(positional[1] ?? 3);
  const label = plugins.join('+');
  console.log(
    `${messages} MESSAGE_CREATE from ${MEMBERS} members across ${GUILDS} guilds, ${rounds} round(s), plugins ${plugins.join(', ')}`,
  );
  // Baseline and bot alternate, so a burst of load from elsewhere on the machine hits both alike.
  const baselineRates: number[] = [];
  const pipelineRates: number[] = [];
  let baselinePeak = 0;
  let pipelinePeak = 0;
  for (let round = 1; round <= rounds; round += 1) {
    const baseline = await measureGatewayBaseline({
      messages,
      guilds: GUILDS,
      members: MEMBERS,
      fromEveryMember: true,
    });
    const pipeline = await measurePipeline(messages, plugins);
    baselineRates.push(baseline.messagesPerSecond);
    pipelineRates.push(pipeline.messagesPerSecond);
    baselinePeak = Math.max(baselinePeak, baseline.peakRssBytes);
    pipelinePeak = Math.max(pipelinePeak, pipeline.peakRssBytes);
    console.log(
      `round ${round}: baseline ${Math.round(baseline.messagesPerSecond)} messages/s (peak RSS ` +
        `${mib(baseline.peakRssBytes)}); bot with ${label} ${Math.round(pipeline.messagesPerSecond)} messages/s until ` +
        `PostgreSQL holds every message (${(pipeline.durationMs / 1000).toFixed(2)} s, bot CPU ` +
        `${pipeline.cpuMicrosPerMessage.toFixed(1)} µs a message, bot peak RSS ${mib(pipeline.peakRssBytes)})`,
    );
  }
  const baselineMedian = median(baselineRates);
  const pipelineMedian = median(pipelineRates);
  console.log(`baseline (bare discord.js client), median: ${Math.round(baselineMedian)} messages/s`);
  console.log(
    `bot with ${label}, median: ${Math.round(pipelineMedian)} messages/s; peak RSS of the bot process ${mib(pipelinePeak)} ` +
      `(baseline client ${mib(baselinePeak)})`,
  );
  console.log(`ratio: ${(pipelineMedian / baselineMedian).toFixed(2)} (target ≥ 0.5)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
