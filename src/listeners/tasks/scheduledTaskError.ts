import { Listener } from '@sapphire/framework';
import { type ScheduledTask, ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';
import { isUnavailableError } from '../../plugin-kit/respond';
import { outageLog } from '../../redis/outageLog';

/**
 * A task threw. BullMQ removes the failed job; the database still says what is owed, so `reconcile` or the task's
 * own retry runs it again. Failures of an outage (Redis, the database) are logged once a minute per task.
 */
export class ScheduledTaskErrorListener extends Listener {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskError });
  }

  public override run(error: unknown, task: ScheduledTask) {
    if (isUnavailableError(error)) outageLog.report(`task:${task.name}`, `Scheduled task "${task.name}" failed`, error);
    else this.container.logger.error(`Scheduled task "${task.name}" failed:`, error);
  }
}
