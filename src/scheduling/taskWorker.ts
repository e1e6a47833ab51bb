import { DelayedError, Worker, type Job, type Processor } from 'bullmq';
import type { JobKeyLocks } from './jobKeyLocks';

interface Hold {
  worker?: Worker;
  started: boolean;
}

const holds = new Map<string, Hold>();
const observers = new Map<string, (job: Job) => void>();
let hooked = false;
let run: Worker['run'];

/**
 * Holds back the BullMQ Worker that the scheduled-tasks plugin builds for `queueName` (in the client's constructor,
 * where it would start taking jobs at once, one at a time): call before the client is built, then
 * {@link startTaskWorker} once the process can run tasks (pieces loaded, REST logged in).
 *
 * Why a hook on `Worker.prototype.run`: the plugin keeps its Worker in a private field and builds it with the
 * connection only, so neither its concurrency nor its start can be set through the plugin. BullMQ's constructor
 * calls `run()` (its public API; bullmq is pinned to one version); the hook defers that call for the queues held and
 * passes every other worker through unchanged.
 */
export function holdTaskWorker(queueName: string): void {
  holds.set(queueName, { started: false });
  if (hooked) return;
  hooked = true;
  run = Worker.prototype.run;
  Worker.prototype.run = function (this: Worker) {
    const hold = holds.get(this.name);
    if (!hold || hold.started || hold.worker) return run.call(this);
    hold.worker = this;
    return Promise.resolve();
  };
}

/**
 * Calls `observe` with each job of queue `queueName` whose work starts in this process (a job waiting for its key
 * is not started: it starts when it got it), with its timestamps set: how late it started is only known from the
 * job itself. Applies to the worker {@link startTaskWorker} starts.
 */
export function observeTaskJobs(queueName: string, observe: (job: Job) => void): void {
  observers.set(queueName, observe);
}

export interface TaskWorkerOptions {
  /** How many jobs it runs at once (`WORKER_CONCURRENCY`). */
  concurrency: number;
  /** The locks of jobs serialised by key. */
  locks: JobKeyLocks;
  /** The key a job must hold while it runs (its task's `serialiseBy`), or undefined when it runs freely. */
  keyOf(job: Job): string | undefined;
}

/**
 * Starts the held worker of `queueName`, `concurrency` jobs at a time, each job whose `keyOf` names a key run
 * holding that key (see {@link JobKeyLocks}); false when no worker was held (the plugin built none, or
 * {@link holdTaskWorker} was not called first).
 *
 * Why the worker's `processFn` is wrapped: the plugin's processor hands tasks only the job's name and payload, and
 * moving a job back to delayed needs the job and the worker's lock token, which BullMQ passes to `processFn` (a
 * protected field; bullmq is pinned to one version). The wrapper calls the plugin's processor unchanged.
 */
export function startTaskWorker(queueName: string, { concurrency, locks, keyOf }: TaskWorkerOptions): boolean {
  const hold = holds.get(queueName);
  const worker = hold?.worker;
  if (!hold || !worker || hold.started) return false;
  hold.started = true;
  worker.concurrency = concurrency;
  const internals = worker as unknown as { processFn: Processor };
  const processJob = internals.processFn;
  internals.processFn = async (job, token = job.token ?? '') => {
    let started = false;
    const start = () => {
      started = true;
      observe(queueName, job);
      return processJob.call(worker, job, token);
    };
    try {
      const key = keyOf(job);
      return await (key === undefined ? start() : locks.run(job, token, key, start));
    } catch (error) {
      // The task's own failures were reported by the plugin; a failure to take the key is the worker's.
      if (!started && !(error instanceof DelayedError)) worker.emit('error', error as Error);
      throw error;
    }
  };
  run.call(worker).catch((error: unknown) => worker.emit('error', error as Error));
  return true;
}

function observe(queueName: string, job: Job): void {
  try {
    observers.get(queueName)?.(job);
  } catch {
    // A metric must never break job processing.
  }
}
