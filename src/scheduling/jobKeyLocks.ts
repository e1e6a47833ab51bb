import { randomBytes } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import type { RedisConnection } from '../redis/connect';

export interface JobKeyLockTimings {
  /**
   * How long a holder's lock lasts unless renewed (it is renewed every third of this while the job runs): a key whose
   * holder crashed is free again after this. As long as BullMQ's own lock on a running job (`lockDuration`), after
   * which a crashed holder's job is run again.
   */
  ttlMs: number;
  /** How long a job that found its key taken waits before it tries again; doubled on each further try. */
  retryMs: number;
  /** The longest such wait. */
  maxRetryMs: number;
}

export const JOB_KEY_LOCK_TIMINGS: JobKeyLockTimings = { ttlMs: 30_000, retryMs: 100, maxRetryMs: 2_000 };

/** Deletes the lock only if it is still ours (it may have lapsed and been taken by another job). */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
/** Extends the lock only if it is still ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;

/**
 * Serialises jobs by key across every process sharing this Redis, without holding a worker slot while waiting: a job
 * takes its key's lock (a Redis key with a token of its own and a TTL, renewed while it runs, released when it ends),
 * or, when another job holds it, moves itself back to BullMQ's delayed set and ends with BullMQ's `DelayedError`
 * (the worker neither completes nor fails it, and takes its next job at once). The job runs again after a short,
 * growing wait with jitter, not counted as an attempt, until it gets the key: none is lost. Jobs of other keys run
 * meanwhile, as many at a time as the worker's concurrency.
 *
 * On a Redis Cluster the lock is named with its key as a hash tag, as the bot's other keys are: its operations
 * touch that one key.
 */
export class JobKeyLocks {
  public constructor(
    private readonly redis: RedisConnection,
    /** Prefix of this deployment's keys (`REDIS_NAMESPACE`). */
    private readonly namespace: string,
    private readonly timings: JobKeyLockTimings = JOB_KEY_LOCK_TIMINGS,
    /** Told when a running job's lock was found gone at renewal (Redis lost it, or it lapsed under a stall). */
    private readonly onLockLost: (key: string) => void = () => undefined,
  ) {}

  /** The Redis key of `key`'s lock. */
  public lockKey(key: string): string {
    return `${this.namespace}:job-lock:{${key}}`;
  }

  /**
   * Runs `work` for `job` (active, locked by the worker with `token`) holding `key`; when another job holds the key,
   * moves `job` to delayed and throws `DelayedError` without running `work`.
   */
  public async run<T>(job: Job, token: string, key: string, work: () => Promise<T>): Promise<T> {
    const lock = this.lockKey(key);
    const owner = `${job.id}:${randomBytes(8).toString('hex')}`;
    const { ttlMs } = this.timings;
    if ((await this.redis.set(lock, owner, 'PX', ttlMs, 'NX')) !== 'OK') {
      await job.moveToDelayed(Date.now() + this.retryDelay(job), token);
      throw new DelayedError(`job ${job.id} waits for the key ${key}`);
    }
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, lock, owner, ttlMs).then(
        (renewed) => renewed === 0 && this.onLockLost(key),
        // Redis is down: the next renewal tries again, and BullMQ's lock on the job lapses alike.
        () => undefined,
      );
    }, ttlMs / 3);
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      // Not released (Redis down): it lapses after its TTL.
      await this.redis.eval(RELEASE, 1, lock, owner).catch(() => undefined);
    }
  }

  /**
   * The wait before the next try: `retryMs`, doubled for each start this job already had (BullMQ counts every start,
   * and a move to delayed is not an attempt), up to `maxRetryMs`; then between half of that and all of it, at random,
   * so jobs waiting for one key do not all come back at once.
   */
  private retryDelay(job: Job): number {
    const { retryMs, maxRetryMs } = this.timings;
    const earlier = Math.max(0, job.attemptsStarted - 1);
    const ceiling = Math.min(maxRetryMs, retryMs * 2 ** Math.min(earlier, 16));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}
