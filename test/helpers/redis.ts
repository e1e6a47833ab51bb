import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A Redis namespace of its own for each test run, so runs sharing a Redis never see each other's keys. */
export function uniqueRedisNamespace(label = 'test'): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}
