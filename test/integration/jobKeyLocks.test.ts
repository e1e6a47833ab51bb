import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker, type Job } from 'bullmq';
import { expect } from 'chai';
import { Cluster, Redis } from 'ioredis';
import { JobKeyLocks, type JobKeyLockTimings } from '../../src/scheduling/jobKeyLocks';
import { privateRedisCluster, type PrivateRedisTopology } from '../helpers/privateServers';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';

interface KeyedJob {
  key: string;
  /** How long its work takes. */
  ms: number;
}

/** When each job's work ran, in this process, and how often each job ran. */
class Runs {
  public readonly spans: { id: string; key: string; start: number; end: number }[] = [];
  public readonly started = new Map<string, number>();
  /** Each job's starts by BullMQ when its work ran: more than one when it had waited for its key. */
  public readonly tries: number[] = [];

  public async work(job: Job<KeyedJob>): Promise<void> {
    const start = Date.now();
    this.started.set(job.id!, (this.started.get(job.id!) ?? 0) + 1);
    this.tries.push(job.attemptsStarted);
    await sleep(job.data.ms);
    this.spans.push({ id: job.id!, key: job.data.key, start, end: Date.now() });
  }

  /** Pairs of runs of one key that overlapped in time. */
  public overlaps(): string[] {
    const found: string[] = [];
    for (const a of this.spans) {
      for (const b of this.spans) {
        if (a.id < b.id && a.key === b.key && a.start < b.end && b.start < a.end) found.push(`${a.id}/${b.id}`);
      }
    }
    return found;
  }
}

/** Jobs neither done nor removed: waiting, delayed, active or failed. */
async function leftOver(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

const FAST: JobKeyLockTimings = { ttlMs: 5_000, retryMs: 20, maxRetryMs: 200 };

/**
 * A worker as a process of the bot runs one: its own connection and its own locks (as another process would have),
 * each job's work done holding its payload's key.
 */
function keyedWorker(
  queueName: string,
  connection: Redis | Cluster,
  namespace: string,
  runs: Runs,
  options: { concurrency: number; timings?: JobKeyLockTimings; stalledInterval?: number; lockDuration?: number },
): Worker<KeyedJob> {
  const locks = new JobKeyLocks(connection, namespace, options.timings ?? FAST);
  return new Worker<KeyedJob>(queueName, (job, token) => locks.run(job, token!, job.data.key, () => runs.work(job)), {
    connection,
    concurrency: options.concurrency,
    // BullMQ's defaults unless given (an undefined option would replace them).
    ...(options.stalledInterval && { stalledInterval: options.stalledInterval }),
    ...(options.lockDuration && { lockDuration: options.lockDuration }),
  });
}

describe('jobs serialised by key (BullMQ on Redis)', function () {
  this.timeout(30_000);
  const connections: (Redis | Cluster)[] = [];
  const workers: Worker[] = [];
  const queues: Queue[] = [];
  const connect = () => {
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };
  let namespace = '';
  let queueName = '';
  let queue: Queue<KeyedJob>;

  beforeEach(() => {
    namespace = uniqueRedisNamespace('job-keys');
    queueName = `${namespace}-tasks`;
    queue = new Queue<KeyedJob>(queueName, { connection: connect() });
    queues.push(queue);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close(true)));
    for (const each of queues.splice(0)) {
      await each.obliterate({ force: true });
      await each.close();
    }
    await Promise.all(connections.splice(0).map((connection) => connection.quit()));
  });

  const add = (jobs: (KeyedJob & { id: string })[]) =>
    queue.addBulk(
      jobs.map(({ id, ...data }) => ({ name: 'keyed', data, opts: { jobId: id, removeOnComplete: true } })),
    );

  it('never runs two jobs of one key at once across two workers, and runs every job exactly once', async () => {
    const runs = new Runs();
    workers.push(
      keyedWorker(queueName, connect(), namespace, runs, { concurrency: 4 }),
      keyedWorker(queueName, connect(), namespace, runs, { concurrency: 4 }),
    );
    const jobs = Array.from({ length: 30 }, (_, index) => ({
      id: `job-${String(index).padStart(2, '0')}`,
      key: `guild-${index % 3}`,
      ms: 20 + (index % 4) * 10,
    }));
    await add(jobs);
    await eventually(() => runs.spans.length === jobs.length, 'every job to run', 20_000);
    await sleep(300); // a second run of a job, if any, shows
    expect(runs.overlaps()).to.deep.equal([]);
    expect(runs.spans.map((span) => span.id).sort()).to.deep.equal(jobs.map((job) => job.id));
    expect([...runs.started.values()].every((count) => count === 1)).to.equal(true);
    // Eight slots for three keys: jobs did find their key taken, and went back to the queue, not counted as attempts.
    expect(Math.max(...runs.tries)).to.be.above(1);
    expect(await leftOver(queue)).to.equal(0);
  });

  it('a job waiting for its key frees its slot: a slow job of one key does not hold back another key', async () => {
    const runs = new Runs();
    workers.push(keyedWorker(queueName, connect(), namespace, runs, { concurrency: 2 }));
    await add([
      { id: 'a-slow', key: 'guild-a', ms: 1_500 },
      { id: 'a-next', key: 'guild-a', ms: 10 },
      { id: 'a-last', key: 'guild-a', ms: 10 },
    ]);
    await eventually(() => runs.started.has('a-slow'), 'the slow job to start');
    // Both slots were taken by guild A's jobs; the two waiting went back to the queue, so guild B's runs at once.
    await sleep(100);
    const queuedAt = Date.now();
    await add([{ id: 'b-only', key: 'guild-b', ms: 10 }]);
    await eventually(() => runs.spans.some((span) => span.id === 'b-only'), "guild B's job to run", 5_000);
    const b = runs.spans.find((span) => span.id === 'b-only')!;
    expect(b.start - queuedAt, "guild B's wait").to.be.below(300);
    expect(
      runs.spans.some((span) => span.id === 'a-slow'),
      'the slow job still running',
    ).to.equal(false);

    await eventually(() => runs.spans.length === 4, "guild A's other jobs to run after it", 5_000);
    const slow = runs.spans.find((span) => span.id === 'a-slow')!;
    for (const id of ['a-next', 'a-last']) {
      const span = runs.spans.find((each) => each.id === id)!;
      expect(span.start, id).to.be.at.least(slow.end);
      // The retry waits are short: the key's next job runs soon after the slow one ends.
      expect(span.start - slow.end, id).to.be.below(1_000);
    }
    expect(runs.overlaps()).to.deep.equal([]);
  });

  it("frees a crashed holder's key after its TTL: the waiting job runs then, the crashed job again, nothing lost", async () => {
    const ttlMs = 1_500;
    const child = spawn(
      process.execPath,
      [
        '--conditions=development',
        '--require',
        '@swc-node/register',
        resolve(__dirname, '../fixtures/processes/keyedJobWorker.ts'),
      ],
      {
        env: { ...process.env, REDIS_URL: TEST_REDIS_URL, QUEUE: queueName, NAMESPACE: namespace, TTL_MS: `${ttlMs}` },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await add([{ id: 'crashed', key: 'guild-c', ms: 10 }]);
      await eventually(() => output.includes('started crashed'), 'the other process to take the job', 15_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }

    // This process's worker finds guild C's key held by the other process.
    const runs = new Runs();
    const worker = keyedWorker(queueName, connect(), namespace, runs, {
      concurrency: 2,
      timings: { ttlMs, retryMs: 50, maxRetryMs: 200 },
      stalledInterval: 300,
      lockDuration: ttlMs,
    });
    workers.push(worker);
    await add([{ id: 'waiting', key: 'guild-c', ms: 10 }]);
    await eventually(async () => ((await queue.getJob('waiting'))?.attemptsStarted ?? 0) >= 2, 'a try at the key');
    expect(runs.started.size).to.equal(0);

    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    const crashedAt = Date.now();
    await eventually(() => runs.spans.length === 2, 'both jobs to run here', 15_000);
    // The key was renewed every third of its TTL until the crash, so it lapsed at least two thirds of it later.
    for (const span of runs.spans) expect(span.start - crashedAt, span.id).to.be.at.least((ttlMs * 2) / 3 - 50);
    expect(runs.spans.map((span) => span.id).sort()).to.deep.equal(['crashed', 'waiting']);
    expect(runs.overlaps()).to.deep.equal([]);
    // A job's work ends a moment before BullMQ moves it to completed.
    await eventually(async () => (await leftOver(queue)) === 0, 'BullMQ to complete both jobs');
    expect(await leftOver(queue)).to.equal(0);
  });

  describe('on a Redis Cluster', function () {
    this.timeout(60_000);
    let cluster: PrivateRedisTopology | undefined;
    before(async () => {
      cluster = await privateRedisCluster();
    });
    after(async () => cluster?.destroy());

    it('serialises by key with the queue and each lock in their own hash-tagged slots', async () => {
      const nodes = cluster!.env.REDIS_CLUSTER_NODES!.split(',').map((node) => {
        const [host, port] = node.split(':');
        return { host: host!, port: Number(port) };
      });
      const connectCluster = () => {
        const connection = new Cluster(nodes, {
          redisOptions: { password: cluster!.env.REDIS_PASSWORD, maxRetriesPerRequest: null },
        });
        connections.push(connection);
        return connection;
      };
      const name = `{${queueName}}`;
      const clusterQueue = new Queue<KeyedJob>(name, { connection: connectCluster() });
      queues.push(clusterQueue);
      const runs = new Runs();
      workers.push(
        keyedWorker(name, connectCluster(), namespace, runs, { concurrency: 3 }),
        keyedWorker(name, connectCluster(), namespace, runs, { concurrency: 3 }),
      );
      const jobs = Array.from({ length: 12 }, (_, index) => ({
        id: `job-${String(index).padStart(2, '0')}`,
        key: `guild-${index % 2}`,
        ms: 20,
      }));
      await clusterQueue.addBulk(
        jobs.map(({ id, ...data }) => ({ name: 'keyed', data, opts: { jobId: id, removeOnComplete: true } })),
      );
      await eventually(() => runs.spans.length === jobs.length, 'every job to run', 20_000);
      expect(runs.overlaps()).to.deep.equal([]);
      expect(runs.spans.map((span) => span.id).sort()).to.deep.equal(jobs.map((job) => job.id));
    });
  });
});
