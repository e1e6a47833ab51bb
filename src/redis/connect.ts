import { container } from '@sapphire/framework';
import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from '../../config';

/** Start-up fails with this when Redis cannot be reached; its message is the one line the operator needs. */
export class RedisUnreachableError extends Error {
  public override readonly name = 'RedisUnreachableError';
}

/**
 * A Redis connection that reconnects forever, warning once per outage and noting the recovery. BullMQ needs
 * `maxRetriesPerRequest: null` so its blocking commands wait for the reconnect instead of failing.
 */
export function createRedis(url: string, purpose: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, ...options });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    container.logger.warn(`Redis (${purpose}) connection lost: ${error.message}; retrying in the background.`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    container.logger.info(`Redis (${purpose}) connection restored.`);
  });
  return redis;
}

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
