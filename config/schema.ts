import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

/** `host:port,host:port,…` (IPv6 in brackets: `[::1]:7000`). */
const hostPorts = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'each entry must be host:port'))
      .min(1, 'must list at least one host:port'),
  )
  .transform((entries) =>
    entries.map((entry) => {
      const colon = entry.lastIndexOf(':');
      return { host: entry.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(entry.slice(colon + 1)) };
    }),
  );

const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'none'] as const;

/** A list of shard ids and ranges, `0,2,5-7`, as sorted distinct numbers. */
const shardIdList = z
  .string()
  .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, 'must list shard ids and ranges, e.g. 0-3,8')
  .transform((value, context) => {
    const ids = new Set<number>();
    for (const part of value.split(',')) {
      const [from, to = from] = part.split('-').map((bound) => Number(bound.trim())) as [number, number?];
      if (to < from) {
        context.addIssue({ code: 'custom', message: `the range ${part.trim()} runs backwards` });
        return z.NEVER;
      }
      if (to - from > 100_000) {
        context.addIssue({ code: 'custom', message: `the range ${part.trim()} is too long` });
        return z.NEVER;
      }
      for (let id = from; id <= to; id += 1) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  });

/**
 * Every setting the bot reads from its environment, with its default.
 * Keys are the environment variables' names so that a validation error names the variable to fix.
 */
export const configSchema = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  // One Redis (the default), a Redis Cluster, or a primary found through Sentinel: set one of the three forms.
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  REDIS_CLUSTER_NODES: hostPorts.optional(),
  REDIS_SENTINELS: hostPorts.optional(),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, dots, dashes and underscores only')
    .optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes only')
    .optional(),
  OWNER_IDS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(z.array(snowflake)),
  DEFAULT_PREFIX: z.string().min(1).max(5).regex(/^\S+$/, 'must not contain spaces').default('!'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  REST_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(50),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8_000),
  MEMBER_CACHE_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(200),
  USER_CACHE_SIZE: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** `auto` or a number: start a manager that runs the bot's gateway shards in child processes. */
  SHARDS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(100_000)], {
      error: 'must be auto or a number of shards (1 or more)',
    })
    .optional(),
  SHARDS_PER_PROCESS: z.coerce.number().int().min(1).max(1_000).optional(),
  /** Which shards of SHARD_COUNT this machine runs, when several machines share one bot. */
  SHARD_IDS: shardIdList.optional(),
  SHARD_COUNT: z.coerce.number().int().min(1).max(100_000).optional(),
  /** `bot` (gateway, commands and jobs) or `worker` (jobs only, no gateway connection). */
  ROLE: z.enum(['bot', 'worker']).default('bot'),
  /** How many scheduled jobs one process runs at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  DASHBOARD_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  DASHBOARD_URL: z
    .url()
    .regex(/^https?:\/\/[^/]+\/?$/, 'must be an http(s) origin such as https://bot.example.com, without a path')
    .optional(),
  DASHBOARD_CLIENT_ID: snowflake.optional(),
  DASHBOARD_CLIENT_SECRET: z.string().min(1).optional(),
  DASHBOARD_SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .optional(),
  PLAYGROUND_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  EXTRA_PLUGIN_DIRS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((folder) => folder.trim())
        .filter(Boolean),
    ),
});

/** The dashboard runs when DASHBOARD_PORT is set, and then needs the OAuth2 secret and a session secret. */
export const configSchemaWithRules = configSchema.superRefine((config, context) => {
  if (config.DASHBOARD_PORT === undefined) return;
  for (const key of ['DASHBOARD_CLIENT_SECRET', 'DASHBOARD_SESSION_SECRET'] as const) {
    if (config[key] === undefined) {
      context.addIssue({ code: 'custom', path: [key], message: 'is required when DASHBOARD_PORT is set' });
    }
  }
});

export type RawConfig = z.infer<typeof configSchema>;
