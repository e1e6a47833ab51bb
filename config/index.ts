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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchemaWithRules.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const redis = redisTarget(raw);
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
