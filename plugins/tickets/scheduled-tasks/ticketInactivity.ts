import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/** The inactivity clock of one ticket: warns, then closes a quiet ticket (see `TicketUpkeep.runInactivity`). */
export class TicketInactivityTask extends PluginTask<'ticketInactivity'> {
  public override async runEnabled({ guildId, ticketId }: ScheduledTasksPayload<'ticketInactivity'>) {
    await this.container.tickets.upkeep.runInactivity(guildId, ticketId);
  }
}
