import { container } from '@sapphire/framework';
import type { ScheduledTasksKeys, ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';

export interface ScheduleOptions {
  /** When to run: a time, or a delay in milliseconds from now. Past times run at once. */
  at: Date | number;
  /**
   * The job's id. Give one to make scheduling idempotent (a job whose id is still queued is not queued twice, which
   * lets `reconcile` re-schedule everything blindly) and to {@link cancelTask} it later.
   */
  id?: string;
}

/**
 * Queues a run of a `PluginTask` (declare its payload, with its `guildId`, in `ScheduledTasks`). A thin layer over
 * the scheduled-tasks plugin so every plugin schedules the same way: finished and failed jobs are removed (the
 * database, not Redis, remembers what is owed) and times are absolute or relative.
 */
export async function scheduleTask<Task extends ScheduledTasksKeys>(
  name: Task,
  payload: ScheduledTasksPayload<Task>,
  { at, id }: ScheduleOptions,
): Promise<void> {
  const delay = Math.max(0, typeof at === 'number' ? at : at.getTime() - Date.now());
  await container.tasks.create(
    // The plugin's resolvable type cannot follow a generic task name; name and payload match by the signature.
    { name, payload } as never,
    { repeated: false, delay, customJobOptions: { jobId: id, removeOnComplete: true, removeOnFail: true } },
  );
}

/** Removes a job queued with {@link scheduleTask} under this id; nothing happens when none is queued. */
export async function cancelTask(id: string): Promise<void> {
  await container.tasks.delete(id);
}
