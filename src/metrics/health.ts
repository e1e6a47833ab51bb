import type { Client } from 'discord.js';
import type { RedisConnection } from '../redis/connect';
import type { DataSource } from 'typeorm';
import { discordConnected, withTimeout } from './collectors';

/** One dependency's state: reachable with its round trip, or why not (an error's class, never a URL). */
export type Probe = { ok: true; ms: number } | { ok: false; ms: number; error: string };

export interface Readiness {
  /** Discord connected, PostgreSQL and Redis reachable: the process can do its work. */
  ready: boolean;
  discord: Probe;
  database: Probe;
  redis: Probe;
}

export interface HealthParts {
  client: Client;
  database: DataSource;
  redis: RedisConnection;
  /** `ROLE=worker`: no gateway, so Discord counts as reachable once REST logged in (`client.user` fetched). */
  restOnly?: boolean;
}

/** How long a readiness probe may take before it counts as failed. */
export const PROBE_TIMEOUT_MS = 1_500;

/**
 * Checks what the bot needs to work, in parallel, each within {@link PROBE_TIMEOUT_MS}: served by `/readyz` and
 * shown by `/status`.
 */
export async function checkReadiness({ client, database, redis, restOnly = false }: HealthParts): Promise<Readiness> {
  const [discord, db, cache] = await Promise.all([
    probe(async () => {
      if (restOnly ? client.user === null : !discordConnected(client)) throw new Error('not connected');
    }),
    probe(() => database.query('SELECT 1')),
    probe(async () => {
      // While Redis is away, a command would wait in ioredis's offline queue: report the state instead.
      if (redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
      await redis.ping();
    }),
  ]);
  return { ready: discord.ok && db.ok && cache.ok, discord, database: db, redis: cache };
}

async function probe(check: () => Promise<unknown>): Promise<Probe> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  try {
    await withTimeout(check(), PROBE_TIMEOUT_MS);
    return { ok: true, ms: ms() };
  } catch (error) {
    return { ok: false, ms: ms(), error: describeFailure(error) };
  }
}

/** A failure in words safe to show anyone: our own messages, else the error's code or class (never its text). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'failed';
  if (error.message === 'timed out' || error.message === 'not connected' || error.message.startsWith('connection ')) {
    return error.message;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : error.name;
}

/** A probe as people read it: `healthy (3 ms)` or `unreachable: ECONNREFUSED`. */
export function describeProbe(probe: Probe): string {
  return probe.ok ? `healthy (${probe.ms} ms)` : `unreachable: ${probe.error}`;
}
