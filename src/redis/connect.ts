import { container } from '@sapphire/framework';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { describeRedis, type RedisTarget } from '../../config';
import { outageLog } from './outageLog';

/** A connection to the bot's Redis: one server (also through Sentinel) or a Redis Cluster. */
export type RedisConnection = Redis | Cluster;

/** Start-up fails with this when Redis cannot be reached; its message is the one line the operator needs. */
export class RedisUnreachableError extends Error {
  public override readonly name = 'RedisUnreachableError';
}

/** How long a command's Redis call may take before it fails (Discord's deadline for an answer is 3 s). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_500;

/**
 * Options of the connection commands use (and the invalidation publisher): while Redis is down a call fails at once
 * instead of waiting in ioredis's offline queue to run whenever Redis returns, perhaps half a minute after the member
 * was told something; a call that hangs fails after {@link REDIS_COMMAND_TIMEOUT_MS}.
 */
export const FAIL_FAST_REDIS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
};

/**
 * Opens a connection to `target` (a `redis://` URL is one server). Each node's connection gets `options`; a Cluster
 * also keeps no offline queue of its own when they say so.
 */
function connect(target: RedisTarget | string, options: RedisOptions, clusterOptions: ClusterOptions = {}) {
  const resolved: RedisTarget = typeof target === 'string' ? { kind: 'standalone', url: target } : target;
  switch (resolved.kind) {
    case 'standalone':
      return new Redis(resolved.url, options);
    case 'sentinel':
      return new Redis({ ...options, sentinels: resolved.sentinels, name: resolved.name, password: resolved.password });
    case 'cluster':
      return new Cluster(resolved.nodes, {
        ...clusterOptions,
        enableOfflineQueue: options.enableOfflineQueue ?? true,
        lazyConnect: options.lazyConnect ?? false,
        redisOptions: { ...options, password: resolved.password },
      });
  }
}

/**
 * A Redis connection that reconnects forever, warning once per outage and noting the recovery. BullMQ needs
 * `maxRetriesPerRequest: null` so its blocking commands wait for the reconnect instead of failing; connections that
 * answer members use {@link FAIL_FAST_REDIS}.
 */
export function createRedis(
  target: RedisTarget | string,
  purpose: string,
  options: RedisOptions = {},
): RedisConnection {
  const redis = connect(target, { maxRetriesPerRequest: null, ...options });
  redis.on('error', (error: Error) => outage.markDown(redis, purpose, error));
  redis.on('ready', () => outage.markUp(redis, purpose));
  return redis;
}

/**
 * One outage, however many connections notice it: the first connection to fail writes one line, the last one back
 * writes one more, and nothing in between (each connection retries every few hundred milliseconds).
 */
class RedisOutage {
  private readonly down = new Set<RedisConnection>();
  private since = 0;

  public markDown(redis: RedisConnection, purpose: string, error: Error): void {
    if (this.down.has(redis)) return;
    const first = this.down.size === 0;
    this.down.add(redis);
    if (!first) return;
    this.since = Date.now();
    outageLog.reset('redis');
    container.logger.warn(`Redis (${purpose}) connection lost: ${error.message}; retrying in the background.`);
  }

  public markUp(redis: RedisConnection, purpose: string): void {
    if (!this.down.delete(redis) || this.down.size > 0) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    container.logger.info(`Redis (${purpose}) connection restored after ${seconds} s.`);
  }
}

const outage = new RedisOutage();

/** Pings Redis once with a short timeout, so a missing Redis stops start-up with one clear line. */
export async function assertRedisReachable(target: RedisTarget | string): Promise<void> {
  const probe = connect(
    target,
    {
      lazyConnect: true,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      sentinelRetryStrategy: () => null,
    },
    { clusterRetryStrategy: () => null },
  );
  probe.on('error', () => undefined); // the connect() rejection below reports it
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const where = describeRedis(typeof target === 'string' ? { kind: 'standalone', url: target } : target);
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${where} (${(error as Error).message}). Start one (for example \`redis-server --daemonize yes\`) or set REDIS_URL (or REDIS_CLUSTER_NODES, or REDIS_SENTINELS).`,
    );
  } finally {
    probe.disconnect();
  }
}

/** Errors ioredis gives when Redis is down or does not answer in time (not a refusal of the command itself). */
export function isRedisUnavailableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return /enableOfflineQueue options is false|Connection is closed|Command timed out|Stream isn't writeable/.test(
    error.message,
  );
}
