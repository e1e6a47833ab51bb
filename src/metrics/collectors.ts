import { Events as SapphireEvents, UserError, type Command } from '@sapphire/framework';
import { ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';
import { SubcommandPluginEvents } from '@sapphire/plugin-subcommands';
import type { Queue } from 'bullmq';
import { Events, RESTEvents, type Client, type RateLimitData } from 'discord.js';
import { collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { counter, DURATION_BUCKETS, gauge, histogram, metricsRegistry } from '../plugin-kit/metrics';
import { observeTaskJobs } from '../scheduling/taskWorker';

/** What a command ended as: `user_error` is the member's mistake (a UserError), `error` the bot's. */
export type CommandOutcome = 'success' | 'user_error' | 'error' | 'denied';
type CommandKind = 'slash' | 'prefix';

export const commandsTotal = counter({
  name: 'bot_commands_total',
  help: 'Commands run, by command, kind (slash or prefix) and outcome (success, user_error, error, denied).',
  labelNames: ['command', 'kind', 'outcome'] as const,
});
export const commandDuration = histogram({
  name: 'bot_command_duration_seconds',
  help: 'Time a command took to run (preconditions passed), by command, kind and outcome.',
  labelNames: ['command', 'kind', 'outcome'] as const,
  buckets: DURATION_BUCKETS,
});
/**
 * Gateway events counted per shard and type in plain numbers on the hot path (a prom-client `inc` hashes its labels,
 * about 0.3 µs an event) and handed to the counter when scraped.
 */
const gatewayCounts = new Map<number, Map<string, { shard: string; event: string; count: number }>>();
export const gatewayEvents = counter({
  name: 'bot_gateway_events_total',
  help: 'Gateway dispatch events received, by shard and event type; rate() gives events per second.',
  labelNames: ['shard', 'event'] as const,
  collect() {
    this.reset();
    for (const byEvent of gatewayCounts.values()) {
      for (const { shard, event, count } of byEvent.values()) this.inc({ shard, event }, count);
    }
  },
});
export const restTooManyRequests = counter({
  name: 'bot_discord_rest_429_total',
  help: 'REST requests Discord answered with 429 Too Many Requests, by route, scope (user, global, shared) and whether the limit was global.',
  labelNames: ['route', 'scope', 'global'] as const,
});
export const restRateLimitWaits = counter({
  name: 'bot_discord_rest_rate_limit_waits_total',
  help: 'Times the REST client held a request back to respect a rate limit, by whether the limit was global.',
  labelNames: ['global'] as const,
});
export const taskLateness = histogram({
  name: 'bot_task_lateness_seconds',
  help: 'How late a job started its work after it was due (processedOn - timestamp - delay; a job serialised by key counts its wait for the key), by task.',
  labelNames: ['task'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
});
export const taskRuns = counter({
  name: 'bot_task_runs_total',
  help: 'Scheduled task runs in this process, by task and outcome (success, error).',
  labelNames: ['task', 'outcome'] as const,
});
export const taskDuration = histogram({
  name: 'bot_task_duration_seconds',
  help: 'Time a scheduled task took to run successfully, by task.',
  labelNames: ['task'] as const,
  buckets: DURATION_BUCKETS,
});

/** States of the task queue reported as its depth. */
export const QUEUE_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'failed'] as const;

export interface InstrumentedParts {
  client: Client;
  database: DataSource;
  taskQueue: Queue;
}

/**
 * The shards this process runs, as the `shard` label of every series: a shard manager's child knows them from its
 * manager (`client.shard`), a process given SHARD_IDS from its options; `0` for a bot that is not sharded.
 */
export function shardLabel(client: Pick<Client, 'shard' | 'options'>): string {
  const { shards } = client.options;
  const own = Array.isArray(shards) ? shards : typeof shards === 'number' ? [shards] : [0];
  return (client.shard?.ids ?? own).join(',');
}

/**
 * Gateway events per second over the last minute, for the `/metrics` summary: a timer closes one slot a second, so
 * the hot path only adds one.
 */
class EventRate {
  private readonly seconds = new Float64Array(60);
  private slot = 0;
  private current = 0;
  private timer: NodeJS.Timeout | undefined;

  public add(): void {
    this.current += 1;
  }

  public start(): void {
    this.timer ??= setInterval(() => {
      this.seconds[this.slot] = this.current;
      this.slot = (this.slot + 1) % this.seconds.length;
      this.current = 0;
    }, 1_000).unref();
  }

  /** Events per second over the last 60 full seconds. */
  public perSecond(): number {
    return this.seconds.reduce((sum, count) => sum + count, 0) / this.seconds.length;
  }
}

export const gatewayRate = new EventRate();

let instrumented = false;

/**
 * Connects the core's metrics to what they measure: Sapphire's command events, the gateway, discord.js REST, the
 * task worker, and — read when scraped — the task queue's depth, the database pool and the client's state. Also
 * Node's default metrics (event-loop lag, heap, GC). Once per process.
 */
export function instrumentBot({ client, database, taskQueue }: InstrumentedParts): void {
  if (instrumented) return;
  instrumented = true;
  metricsRegistry.setDefaultLabels({ shard: shardLabel(client) });
  collectDefaultMetrics({ register: metricsRegistry });
  instrumentCommands(client);
  instrumentGateway(client);
  instrumentRest(client);
  instrumentTasks(client, taskQueue);
  instrumentDatabase(database);
}

function instrumentCommands(client: Client): void {
  // A subcommand's error or refusal does not reach Sapphire's command events (the subcommand plugin handles it and
  // the command "succeeds"): remember it by interaction or message id until the command's own event arrives.
  const subcommandOutcome = new Map<string, CommandOutcome>();
  const record = (kind: CommandKind, command: Command, id: string, outcome: CommandOutcome, ms?: number) => {
    const final = subcommandOutcome.get(id) ?? outcome;
    subcommandOutcome.delete(id);
    const labels = { command: command.name, kind, outcome: final };
    commandsTotal.inc(labels);
    if (ms !== undefined) commandDuration.observe(labels, ms / 1000);
  };
  const failure = (error: unknown): CommandOutcome => (error instanceof UserError ? 'user_error' : 'error');

  client.on(SapphireEvents.ChatInputCommandSuccess, ({ command, interaction, duration }) =>
    record('slash', command, interaction.id, 'success', duration),
  );
  client.on(SapphireEvents.ChatInputCommandError, (error, { command, interaction, duration }) =>
    record('slash', command, interaction.id, failure(error), duration),
  );
  client.on(SapphireEvents.ChatInputCommandDenied, (_error, { command, interaction }) =>
    record('slash', command, interaction.id, 'denied'),
  );
  client.on(SapphireEvents.MessageCommandSuccess, ({ command, message, duration }) =>
    record('prefix', command, message.id, 'success', duration),
  );
  client.on(SapphireEvents.MessageCommandError, (error, { command, message, duration }) =>
    record('prefix', command, message.id, failure(error), duration),
  );
  client.on(SapphireEvents.MessageCommandDenied, (_error, { command, message }) =>
    record('prefix', command, message.id, 'denied'),
  );
  client.on(SubcommandPluginEvents.ChatInputSubcommandError, (error, { interaction }) =>
    subcommandOutcome.set(interaction.id, failure(error)),
  );
  client.on(SubcommandPluginEvents.ChatInputSubcommandDenied, (_error, { interaction }) =>
    subcommandOutcome.set(interaction.id, 'denied'),
  );
  client.on(SubcommandPluginEvents.MessageSubcommandError, (error, { message }) =>
    subcommandOutcome.set(message.id, failure(error)),
  );
  client.on(SubcommandPluginEvents.MessageSubcommandDenied, (_error, { message }) =>
    subcommandOutcome.set(message.id, 'denied'),
  );
}

function instrumentGateway(client: Client): void {
  gatewayRate.start();
  // discord.js emits `raw` with the dispatch packet and the shard id (typed as unknown arguments).
  const onRaw = (packet: { t?: string | null }, shardId: number) => {
    gatewayRate.add();
    const event = packet.t ?? 'unknown';
    let byEvent = gatewayCounts.get(shardId);
    if (!byEvent) gatewayCounts.set(shardId, (byEvent = new Map()));
    const entry = byEvent.get(event);
    if (entry) entry.count += 1;
    else byEvent.set(event, { shard: String(shardId), event, count: 1 });
  };
  client.on(Events.Raw, onRaw as (...args: unknown[]) => void);
  gauge({
    name: 'bot_guilds',
    help: 'Guilds this process serves.',
    collect() {
      this.set(client.guilds.cache.size);
    },
  });
  gauge({
    name: 'bot_discord_ping_seconds',
    help: 'Gateway heartbeat round trip, by shard (absent until the first heartbeat).',
    labelNames: ['shard'] as const,
    collect() {
      this.reset();
      for (const [id, shard] of client.ws.shards) {
        if (shard.ping >= 0) this.set({ shard: String(id) }, shard.ping / 1000);
      }
    },
  });
  gauge({
    name: 'bot_discord_connected',
    help: '1 when every gateway shard of this process is connected and ready, else 0.',
    collect() {
      this.set(discordConnected(client) ? 1 : 0);
    },
  });
}

/** The client logged in and every shard of this process is ready (not connecting, resuming or disconnected). */
export function discordConnected(client: Client): boolean {
  return client.isReady() && client.ws.shards.size > 0 && [...client.ws.shards.values()].every((s) => s.status === 0);
}

/** Rate-limit reports of waits the REST client chose (its `rateLimited` event); the others are 429 responses. */
const rateLimitWaits = new WeakSet<RateLimitData>();

function instrumentRest(client: Client): void {
  client.rest.on(RESTEvents.RateLimited, (info) => {
    rateLimitWaits.add(info);
    restRateLimitWaits.inc({ global: String(info.global) });
  });
}

/**
 * The REST client's `rejectOnRateLimit` hook (see `client.ts`): discord.js calls it for every rate limit, both the
 * waits it chose (announced first by its `rateLimited` event, with the same object) and 429 responses, which no
 * event reports without copying every response. Counts the 429s; never rejects, so requests retry as before.
 */
export function observeRateLimit(data: RateLimitData): boolean {
  if (!rateLimitWaits.has(data)) {
    restTooManyRequests.inc({ route: data.route, scope: data.scope, global: String(data.global) });
  }
  return false;
}

function instrumentTasks(client: Client, taskQueue: Queue): void {
  observeTaskJobs(taskQueue.name, (job) => {
    // The delay it was queued with: a job that waited for its key was moved to delayed, which rewrote `job.delay`.
    const lateMs = (job.processedOn ?? Date.now()) - job.timestamp - (job.opts.delay ?? 0);
    taskLateness.observe({ task: job.name }, Math.max(0, lateMs) / 1000);
  });
  client.on(ScheduledTaskEvents.ScheduledTaskSuccess, (task, _payload, _result, duration) => {
    taskRuns.inc({ task: task.name, outcome: 'success' });
    taskDuration.observe({ task: task.name }, duration / 1000);
  });
  client.on(ScheduledTaskEvents.ScheduledTaskError, (_error, task) =>
    taskRuns.inc({ task: task.name, outcome: 'error' }),
  );
  gauge({
    name: 'bot_task_queue_jobs',
    help: 'Jobs in the task queue (shared by every process of the bot), by state.',
    labelNames: ['state'] as const,
    async collect() {
      // A scrape while Redis is down must not hang: report nothing for the queue rather than wait.
      const counts = await withTimeout(taskQueue.getJobCounts(...QUEUE_STATES), 1_000).catch(() => undefined);
      this.reset();
      if (counts) for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
}

/** The pg pool's counters; PGlite is one in-process connection with no pool. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

function poolOf(database: DataSource): PgPool | undefined {
  // TypeORM's postgres driver keeps the pg Pool as `master`; the embedded driver has a pool without counters.
  const pool = (database.driver as unknown as { master?: Partial<PgPool> }).master;
  return typeof pool?.totalCount === 'number' ? (pool as PgPool) : undefined;
}

function instrumentDatabase(database: DataSource): void {
  gauge({
    name: 'bot_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting = queries waiting for a connection). Embedded PGlite: one connection, always total.',
    labelNames: ['state'] as const,
    collect() {
      this.reset();
      const pool = poolOf(database);
      if (!pool) return this.set({ state: 'total' }, database.isInitialized ? 1 : 0);
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  gauge({
    name: 'bot_db_pool_max',
    help: 'Most connections the database pool opens (1 for embedded PGlite).',
    collect() {
      this.set(poolOf(database)?.options?.max ?? 1);
    },
  });
}

/** Rejects after `ms` when `promise` has not settled. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);
}
