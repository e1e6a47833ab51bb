import { Worker } from 'bullmq';

interface Hold {
  worker?: Worker;
  started: boolean;
}

const holds = new Map<string, Hold>();
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
 * Starts the held worker of `queueName` with `concurrency` jobs at a time; false when no worker was held (the
 * plugin built none, or {@link holdTaskWorker} was not called first).
 */
export function startTaskWorker(queueName: string, concurrency: number): boolean {
  const hold = holds.get(queueName);
  const worker = hold?.worker;
  if (!hold || !worker || hold.started) return false;
  hold.started = true;
  worker.concurrency = concurrency;
  run.call(worker).catch((error: unknown) => worker.emit('error', error as Error));
  return true;
}
