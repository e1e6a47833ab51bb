import { Listener } from '@sapphire/framework';
import { ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';

/** A job names a task no plugin provides (its plugin was uninstalled): it is dropped. */
export class ScheduledTaskNotFoundListener extends Listener {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskNotFound });
  }

  public override run(task: string) {
    this.container.logger.warn(`A queued job names the task "${task}", which no installed plugin provides.`);
  }
}
