import { container } from '@sapphire/framework';
import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from '../../config';
import { outageLog } from './outageLog';

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
 * A Redis connection that reconnects forever, warning once per outage and noting the recovery. BullMQ needs
 * `maxRetriesPerRequest: null` so its blocking commands wait for the reconnect instead of failing; connections that
 * answer members use {@link FAIL_FAST_REDIS}.
 */
export function createRedis(url: string, purpose: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...options });
  redis.on('error', (error: Error) => outage.markDown(redis, purpose, error));
  redis.on('ready', () => outage.markUp(redis, purpose));
  return redis;
}

/**
 * One outage, however many connections notice it: the first connection to fail writes one line, the last one back
 * writes one more, and nothing in between (each connection retries every few hundred milliseconds).
 */
class RedisOutage {
  private readonly down = new Set<Redis>();
  private since = 0;

  public markDown(redis: Redis, purpose: string, error: Error): void {
    if (this.down.has(redis)) return;
    const first = this.down.size === 0;
    this.down.add(redis);
    if (!first) return;
    this.since = Date.now();
    outageLog.reset('redis');
    container.logger.warn(`Redis (${purpose}) connection lost: ${error.message}; retrying in the background.`);
  }

  public markUp(redis: Redis, purpose: string): void {
    if (!this.down.delete(redis) || this.down.size > 0) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    container.logger.info(`Redis (${purpose}) connection restored after ${seconds} s.`);
  }
}

const outage = new RedisOutage();

/** Pings Redis once with a short timeout, so a missing Redis stops start-up with one clear line. */
export async function assertRedisReachable(url: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined); // the connect() rejection below reports it
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${redactUrl(url)} (${(error as Error).message}). Start one (for example \`redis-server --daemonize yes\`) or set REDIS_URL.`,
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
