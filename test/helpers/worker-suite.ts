import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { BotProcess } from './process';
import { botProcessSuite, type BotProcessSuite } from './process-suite';
import { TEST_REDIS_URL } from './redis';
import { eventually } from './wait';

/** A bot run as a `ROLE=worker` process alone, with what a test needs to feed it jobs and check what they did. */
export interface WorkerSuite {
  readonly bots: BotProcessSuite;
  readonly worker: BotProcess;
  /** A client of the worker's PostgreSQL database. */
  readonly sql: Client;
  /**
   * Queues a run of a scheduled task, as the bot would, and waits until the worker has finished it; fails with the
   * task's error when it failed.
   */
  runTask(name: string, payload: unknown): Promise<void>;
}

/**
 * Registers hooks in the calling `describe` that start an emulator, a fresh database and a `ROLE=worker` bot process
 * — no gateway connection, so it caches no guild: the only process that can take a job, and one that must act
 * through REST and the database as every task should.
 */
export function workerSuite(label: string): WorkerSuite {
  let worker: BotProcess | undefined;
  let sql: Client | undefined;
  let connection: Redis | undefined;
  let queue: Queue | undefined;
  // Before the suite's own hook, which drops the database under these connections.
  after(async () => {
    await queue?.close();
    await connection?.quit();
    await sql?.end();
  });
  const bots = botProcessSuite(label);
  before(async function () {
    // The first start compiles the bot (as `npm start` does), slow on a loaded machine.
    this.timeout(240_000);
    worker = await bots.startWith({ ROLE: 'worker' }, (output) => output.includes('Worker ready as '));
    sql = new Client({ connectionString: bots.database.url });
    await sql.connect();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(`${bots.env.REDIS_NAMESPACE}-tasks`, { connection });
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('workerSuite is used before its before() hook ran');
    return value;
  };
  return {
    bots,
    get worker() {
      return ready(worker);
    },
    get sql() {
      return ready(sql);
    },
    async runTask(name, payload) {
      const jobs = ready(queue);
      const id = `${name}-${randomBytes(4).toString('hex')}`;
      await jobs.add(name, payload, { jobId: id, removeOnComplete: true, removeOnFail: false });
      let failure: string | undefined;
      await eventually(
        async () => {
          const job = await jobs.getJob(id);
          if (job && (await job.getState()) === 'failed') failure = job.failedReason;
          return job === undefined || failure !== undefined;
        },
        `the worker to run ${name}`,
        10_000,
      );
      if (failure !== undefined) throw new Error(`${name} failed on the worker: ${failure}`);
    },
  };
}
