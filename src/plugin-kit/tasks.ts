import { container, UserError } from '@sapphire/framework';
import type { ScheduledTasksKeys, ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';

export interface ScheduleOptions {
  /** When to run: a time, or a delay in milliseconds from now. Past times run at once. */
  at: Date | number;
  /**
   * The job's id. Give one to make scheduling idempotent (a job whose id is still queued is not queued twice, which
   * lets `reconcile` re-schedule everything blindly) and to {@link cancelTask} it later.
   */
  id?: string;
  /**
   * The plugin's `reconcile` hook queues this job again from the database (the core calls it when Redis returns).
   * While the scheduler is unavailable the job is then simply left to it, and the command goes on; without this a
   * command that schedules fails with {@link SchedulerUnavailableError}.
   */
  rebuiltByReconcile?: boolean;
}

/** What a member reads when a command needs the scheduler (Redis) and it is down. */
export const SCHEDULER_UNAVAILABLE =
  'The scheduler is unavailable right now, so nothing was changed. Please try again in a minute.';

/** How long scheduling may take before the command gives up (Discord wants an answer within 3 s). */
const SCHEDULE_TIMEOUT_MS = 1_500;

/** Thrown (a `UserError`, so the member reads its message) when a job cannot be queued because Redis is down. */
export class SchedulerUnavailableError extends UserError {
  public constructor() {
    super({ identifier: 'SchedulerUnavailable', message: SCHEDULER_UNAVAILABLE });
  }
}

/**
 * Whether the task queue's Redis connection is up. While it is not, queueing would wait in ioredis's offline queue
 * and happen whenever Redis returns, long after the member was answered.
 */
export function schedulerAvailable(): boolean {
  return container.schedulerRedis?.status === 'ready';
}

/**
 * Fails fast with {@link SchedulerUnavailableError} while the scheduler is down: call it before changing anything in
 * a command whose work needs a job queued that no `reconcile` rebuilds.
 */
export function requireScheduler(): void {
  if (!schedulerAvailable()) throw new SchedulerUnavailableError();
}

/**
 * Queues a run of a `PluginTask` (declare its payload, with its `guildId`, in `ScheduledTasks`). A thin layer over
 * the scheduled-tasks plugin so every plugin schedules the same way: finished and failed jobs are removed (the
 * database, not Redis, remembers what is owed) and times are absolute or relative. Resolves to whether the job was
 * queued: false only with `rebuiltByReconcile` while the scheduler is down.
 */
export async function scheduleTask<Task extends ScheduledTasksKeys>(
  name: Task,
  payload: ScheduledTasksPayload<Task>,
  { at, id, rebuiltByReconcile = false }: ScheduleOptions,
): Promise<boolean> {
  if (!schedulerAvailable()) {
    if (rebuiltByReconcile) return false;
    throw new SchedulerUnavailableError();
  }
  const delay = Math.max(0, typeof at === 'number' ? at : at.getTime() - Date.now());
  const queued = container.tasks.create(
    // The plugin's resolvable type cannot follow a generic task name; name and payload match by the signature.
    { name, payload } as never,
    { repeated: false, delay, customJobOptions: { jobId: id, removeOnComplete: true, removeOnFail: true } },
  );
  try {
    await withTimeout(queued, SCHEDULE_TIMEOUT_MS);
  } catch (error) {
    // Redis went away mid-call: the job may still be queued when it returns; a job with an id is queued once.
    queued.catch(() => undefined);
    if (rebuiltByReconcile) return false;
    if (error instanceof TimeoutError) throw new SchedulerUnavailableError();
    throw error;
  }
  return true;
}

/**
 * Removes a job queued with {@link scheduleTask} under this id; nothing happens when none is queued. While the
 * scheduler is down the job stays (resolves to false): a task re-checks the database when it runs, so a job whose
 * work the database no longer owes does nothing, and Redis may come back empty anyway.
 */
export async function cancelTask(id: string): Promise<boolean> {
  if (!schedulerAvailable()) return false;
  try {
    await withTimeout(container.tasks.delete(id), SCHEDULE_TIMEOUT_MS);
    return true;
  } catch (error) {
    if (error instanceof TimeoutError) return false;
    throw error;
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
