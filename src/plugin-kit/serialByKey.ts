import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How long a holder's claim on a key lasts without renewal (a crashed holder frees the key after this). */
const LEASE_MS = 30_000;

/** Deletes the lease only if it is still ours. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the lease only if it is still ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export type SerialOutcome = 'ran' | 'handed-over';

/**
 * Runs work of one key (a guild's expiry sweep) in one process at a time across every process sharing this Redis,
 * coalescing calls: a call while another process (or this one) holds the key asks the holder to run the work once
 * more, and returns `handed-over` at once instead of waiting. For work that handles everything owed when it runs
 * (a sweep of all that is due), so many jobs of one guild cost one run each time, not one each, and a job never
 * holds a worker slot waiting behind another of the same guild. Jobs of other keys run side by side
 * (`WORKER_CONCURRENCY`).
 *
 * No call is lost: the holder releases the key first and then looks for a request to run again, while a caller
 * records its request first and then tries to take the key; one of the two always sees the other. A holder that
 * crashes frees the key when its lease (renewed while it runs) lapses.
 */
export class SerialByKey {
  public constructor(
    private readonly redis: Redis,
    /** Prefix of this deployment's keys. */
    private readonly namespace: string,
    private readonly leaseMs = LEASE_MS,
  ) {}

  public async run(key: string, work: () => Promise<void>): Promise<SerialOutcome> {
    const lease = `${this.namespace}:serial:${key}`;
    const again = `${lease}:again`;
    const token = randomBytes(12).toString('hex');
    const take = async () => (await this.redis.set(lease, token, 'PX', this.leaseMs, 'NX')) === 'OK';
    if (!(await take())) {
      await this.redis.set(again, '1', 'PX', this.leaseMs);
      if (!(await take())) return 'handed-over';
    }
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, lease, token, this.leaseMs).catch(() => undefined);
    }, this.leaseMs / 3);
    renewal.unref();
    try {
      for (;;) {
        await this.redis.del(again);
        await work();
        if ((await this.redis.exists(again)) === 1) continue;
        await this.redis.eval(RELEASE, 1, lease, token);
        // A request that came in between: run it, unless its caller took the key itself meanwhile.
        if ((await this.redis.exists(again)) === 0 || !(await take())) return 'ran';
      }
    } catch (error) {
      await this.redis.eval(RELEASE, 1, lease, token).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewal);
    }
  }
}
