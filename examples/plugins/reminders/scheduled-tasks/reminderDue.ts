import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/** Posts a due reminder. The service acts through REST and the database only, so any process may run this. */
export class ReminderDueTask extends PluginTask<'reminderDue'> {
  public override async runEnabled({ reminderId }: ScheduledTasksPayload<'reminderDue'>) {
    await this.container.reminders.deliver(reminderId);
  }
}
