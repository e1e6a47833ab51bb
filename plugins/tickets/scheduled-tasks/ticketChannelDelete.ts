import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/** Deletes a closed ticket's channel once the delay is over; a reopened ticket keeps it. */
export class TicketChannelDeleteTask extends PluginTask<'ticketChannelDelete'> {
  public override async runEnabled({ ticketId }: ScheduledTasksPayload<'ticketChannelDelete'>) {
    await this.container.tickets.upkeep.runChannelDelete(ticketId);
  }
}
