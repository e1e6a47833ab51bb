import { configSchemaWithRules, type RawConfig } from './schema';

export interface BotConfig {
  /** Unset: the offline sandbox runs against the built-in emulator. */
  token: string | undefined;
  discordApiUrl: string;
  /** Unset: the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where Redis is: one server (`REDIS_URL`), a Redis Cluster, or a primary found through Sentinel. */
  redis: RedisTarget;
  /**
   * Prefix of every Redis key, queue and channel this bot uses, so several bots can share one Redis. Unset: `bot`,
   * or `sandbox` for the offline sandbox, so a sandbox beside a real bot never mixes their queues.
   */
  redisNamespace: string;
  ownerIds: string[];
  defaultPrefix: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'none';
  restRequestsPerSecond: number;
  shutdownTimeoutMs: number;
  /**
   * PostgreSQL limits, so one locked table or a database under load cannot hold every command: the longest a
   * statement may run, wait for a lock, and wait for a pool connection (or a new connection), in milliseconds.
   */
  databaseTimeouts: DatabaseTimeouts;
  /** Members kept in memory per server (the most recently seen; the bot's own always stays). */
  memberCacheSize: number;
  /** Users kept in memory, across servers (the most recently seen; the bot's own always stays). */
  userCacheSize: number;
  /**
   * Port of the HTTP endpoint serving `/metrics` (Prometheus), `/healthz` and `/readyz`. Unset: no endpoint.
   * 0 picks a free port (tests).
   */
  metricsPort: number | undefined;
  /** Address the metrics endpoint listens on: localhost unless told otherwise (`0.0.0.0` in a container). */
  metricsHost: string;
  /** The web dashboard, when DASHBOARD_PORT is set; unset: none is served. */
  dashboard: DashboardConfig | undefined;
  /** Folders of plugins installed beside `plugins/` (each holds `<name>/index` plugin folders). */
  extraPluginDirs: string[];
  /**
   * Port of the offline sandbox's browser playground (on localhost only); a free one when it is taken. 0 picks a
   * free port (tests).
   */
  playgroundPort: number;
  /** `bot`: gateway, commands and jobs; `worker`: jobs only, through REST and the database, with no gateway. */
  role: 'bot' | 'worker';
  /** The gateway shards this process connects; undefined: discord.js's default (one shard, all guilds). */
  shards: ShardSpec | undefined;
  /** Set when this process only manages shard processes (SHARDS or SHARDS_PER_PROCESS): it runs no bot itself. */
  shardManager: ShardManagerSpec | undefined;
  /** How many scheduled jobs this process runs at once. */
  workerConcurrency: number;
}

/** Some of a bot's shards: `ids` out of `count` shards in all (of every process and machine). */
export interface ShardSpec {
  ids: number[];
  count: number;
}

/** What a shard manager runs: `ids` (all when undefined) out of `total` shards, `perProcess` in each child. */
export interface ShardManagerSpec {
  total: number | 'auto';
  ids: number[] | undefined;
  perProcess: number;
}

export interface DashboardConfig {
  /** 0 picks a free port (tests). */
  port: number;
  /** Address it listens on: localhost unless told otherwise. */
  host: string;
  /** The origin browsers reach it at (`https://bot.example.com`); unset: `http://localhost:<port>`. */
  url: string | undefined;
  /** The Discord application's OAuth2 client id; unset: the bot's own application id. */
  clientId: string | undefined;
  clientSecret: string;
  /** Signs session cookies. */
  sessionSecret: string;
}

export interface HostPort {
  host: string;
  port: number;
}

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  /** Seed nodes; the client discovers the rest. `password` authenticates to every node. */
  | { kind: 'cluster'; nodes: HostPort[]; password: string | undefined }
  /** The Sentinels to ask for the primary named `name`; `password` authenticates to the primary and replicas. */
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; password: string | undefined };

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  connectMs: number;
}

/** Thrown when the environment is invalid; `problems` holds one line per variable. */
export class ConfigError extends Error {
  public constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
}

/**
 * The environment discord.js's `ShardingManager` gives a shard process: `SHARDING_MANAGER`, and `SHARDS` (the ids,
 * JSON) with `SHARD_COUNT`. The operator's own SHARDS, SHARD_IDS and SHARDS_PER_PROCESS were the manager's.
 */
function shardsFromManager(env: Record<string, string | undefined>): ShardSpec | undefined {
  if (env.SHARDING_MANAGER !== 'true') return undefined;
  const ids = JSON.parse(env.SHARDS ?? '[]') as number | number[];
  return { ids: Array.isArray(ids) ? ids : [ids], count: Number(env.SHARD_COUNT) };
}

const range = (count: number) => Array.from({ length: count }, (_, id) => id);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const fromManager = shardsFromManager(present);
  if (fromManager) {
    delete present.SHARDS;
    delete present.SHARD_IDS;
    delete present.SHARDS_PER_PROCESS;
  }
  const parsed = configSchemaWithRules.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const redis = redisTarget(raw);
  const sharding = fromManager ? { shards: fromManager, shardManager: undefined } : shardingOf(raw);
  return {
    token: raw.DISCORD_TOKEN,
    discordApiUrl: raw.DISCORD_API_URL,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    redis,
    redisNamespace: raw.REDIS_NAMESPACE ?? (raw.DISCORD_TOKEN ? 'bot' : 'sandbox'),
    ownerIds: raw.OWNER_IDS,
    defaultPrefix: raw.DEFAULT_PREFIX,
    logLevel: raw.LOG_LEVEL,
    restRequestsPerSecond: raw.REST_REQUESTS_PER_SECOND,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    databaseTimeouts: {
      statementMs: raw.DB_STATEMENT_TIMEOUT_MS,
      lockMs: raw.DB_LOCK_TIMEOUT_MS,
      connectMs: raw.DB_CONNECT_TIMEOUT_MS,
    },
    memberCacheSize: raw.MEMBER_CACHE_SIZE,
    userCacheSize: raw.USER_CACHE_SIZE,
    metricsPort: raw.METRICS_PORT,
    metricsHost: raw.METRICS_HOST,
    dashboard:
      raw.DASHBOARD_PORT === undefined
        ? undefined
        : {
            port: raw.DASHBOARD_PORT,
            host: raw.DASHBOARD_HOST,
            url: raw.DASHBOARD_URL?.replace(/\/$/, ''),
            clientId: raw.DASHBOARD_CLIENT_ID,
            // Both checked by the schema's rules when DASHBOARD_PORT is set.
            clientSecret: raw.DASHBOARD_CLIENT_SECRET!,
            sessionSecret: raw.DASHBOARD_SESSION_SECRET!,
          },
    extraPluginDirs: raw.EXTRA_PLUGIN_DIRS,
    playgroundPort: raw.PLAYGROUND_PORT,
    role: raw.ROLE,
    ...sharding,
    workerConcurrency: raw.WORKER_CONCURRENCY,
  };
}

/** The one Redis form the environment sets, or a {@link ConfigError} naming what clashes or is missing. */
function redisTarget(raw: RawConfig): RedisTarget {
  const forms = (['REDIS_URL', 'REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const).filter((key) => raw[key]);
  const problems: string[] = [];
  if (forms.length > 1) problems.push(`${forms.join(', ')}: set only one of them (one Redis, a Cluster, or Sentinel)`);
  if (raw.REDIS_SENTINELS && !raw.REDIS_SENTINEL_NAME) {
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the name of the primary the Sentinels watch)');
  }
  if (raw.REDIS_SENTINEL_NAME && !raw.REDIS_SENTINELS) {
    problems.push('REDIS_SENTINEL_NAME: only meaningful with REDIS_SENTINELS');
  }
  if (raw.REDIS_PASSWORD && !raw.REDIS_CLUSTER_NODES && !raw.REDIS_SENTINELS) {
    problems.push('REDIS_PASSWORD: only for REDIS_CLUSTER_NODES or REDIS_SENTINELS (put it in REDIS_URL otherwise)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (raw.REDIS_CLUSTER_NODES) return { kind: 'cluster', nodes: raw.REDIS_CLUSTER_NODES, password: raw.REDIS_PASSWORD };
  if (raw.REDIS_SENTINELS) {
    return {
      kind: 'sentinel',
      sentinels: raw.REDIS_SENTINELS,
      name: raw.REDIS_SENTINEL_NAME!,
      password: raw.REDIS_PASSWORD,
    };
  }
  return { kind: 'standalone', url: raw.REDIS_URL ?? DEFAULT_REDIS_URL };
}

/** Where Redis is, for logs and `/status`: never a password. */
export function describeRedis(target: RedisTarget): string {
  const list = (nodes: HostPort[]) =>
    nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(',');
  switch (target.kind) {
    case 'standalone':
      return redactUrl(target.url);
    case 'cluster':
      return `Redis Cluster ${list(target.nodes)}`;
    case 'sentinel':
      return `primary "${target.name}" through Sentinel ${list(target.sentinels)}`;
  }
}

/** The shards of this process, or of the manager it is, from the operator's settings; a ConfigError if they clash. */
function shardingOf(raw: RawConfig): Pick<BotConfig, 'shards' | 'shardManager'> {
  const { SHARDS, SHARDS_PER_PROCESS, SHARD_IDS, SHARD_COUNT, ROLE } = raw;
  const problems: string[] = [];
  if (ROLE === 'worker' && (SHARDS !== undefined || SHARDS_PER_PROCESS !== undefined || SHARD_IDS !== undefined)) {
    problems.push('ROLE: a worker connects no gateway shards; unset SHARDS, SHARDS_PER_PROCESS and SHARD_IDS for it');
  }
  if (typeof SHARDS === 'number' && SHARD_COUNT !== undefined && SHARDS !== SHARD_COUNT) {
    problems.push(`SHARD_COUNT: ${SHARD_COUNT} differs from SHARDS=${SHARDS}; set one of them`);
  }
  const total = SHARD_COUNT ?? SHARDS;
  if (SHARD_IDS !== undefined) {
    if (typeof total !== 'number') {
      problems.push('SHARD_IDS: needs SHARD_COUNT, the number of shards of all machines together');
    } else if (SHARD_IDS.at(-1)! >= total) {
      problems.push(`SHARD_IDS: shard ${SHARD_IDS.at(-1)} does not exist out of ${total} (ids run 0 to ${total - 1})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (ROLE === 'worker') return { shards: undefined, shardManager: undefined };
  if (SHARDS !== undefined || SHARDS_PER_PROCESS !== undefined) {
    return {
      shards: undefined,
      shardManager: { total: total ?? 'auto', ids: SHARD_IDS, perProcess: SHARDS_PER_PROCESS ?? 1 },
    };
  }
  if (SHARD_COUNT === undefined) return { shards: undefined, shardManager: undefined };
  return { shards: { ids: SHARD_IDS ?? range(SHARD_COUNT), count: SHARD_COUNT }, shardManager: undefined };
}

/** Hides the password of a connection URL, for logs and `/status`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
