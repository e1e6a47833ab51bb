import { once } from 'node:events';
import { container } from '@sapphire/framework';

/**
 * Makes the in-process bot's Redis come back empty, as after a restart of a Redis without persistence: deletes
 * every key of the bot's namespace (its task queue, job schedulers and all; never another run's keys on the shared
 * Redis), then drops the bot's connection and lets it reconnect, so the core's reconnect path runs for real.
 */
export async function loseRedis(namespace: string): Promise<void> {
  const { redis } = container;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${namespace}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  const ready = once(redis, 'ready');
  redis.disconnect(true);
  await ready;
}

/** The queued (not yet running) jobs of a scheduled task in a guild, from the bot's task queue. */
export async function queuedJobs(name: string, guildId: string) {
  const jobs = await container.tasks.client.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.filter((job) => job?.name === name && (job.data as { guildId?: string }).guildId === guildId);
}
