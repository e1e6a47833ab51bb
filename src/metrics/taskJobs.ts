import { Worker, type Job } from 'bullmq';

const observers = new Map<string, (job: Job) => void>();
let hooked = false;

/**
 * Calls `observe` with each job a BullMQ worker of this process starts on queue `queueName` (its `active` event),
 * when the job's timestamps are set: how late it started is only known from the job itself.
 *
 * Why a hook on `Worker.prototype.emit`: the scheduled-tasks plugin keeps its Worker in a private field and hands
 * its tasks only the payload, so neither the worker's events nor the job reach the bot. `emit` and the `active`
 * event are BullMQ's public API (bullmq is pinned to one version); the hook passes every call through unchanged and
 * only looks at `active` events of the queues observed. Replace it with a listener on the Worker once the bot owns
 * its worker.
 */
export function observeTaskJobs(queueName: string, observe: (job: Job) => void): void {
  observers.set(queueName, observe);
  if (hooked) return;
  hooked = true;
  const emit = Worker.prototype.emit;
  Worker.prototype.emit = function (this: Worker, event: string, ...args: unknown[]) {
    if (event === 'active') {
      const observer = observers.get(this.name);
      if (observer) {
        try {
          observer(args[0] as Job);
        } catch {
          // A metric must never break job processing.
        }
      }
    }
    return (emit as (this: Worker, event: string, ...args: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}
