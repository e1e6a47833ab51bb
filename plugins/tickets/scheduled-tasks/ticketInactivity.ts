import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PluginTask } from '#core/plugin-kit/PluginTask';
import { TicketStatus } from '../entities/Ticket';

/** A job due this close is run now rather than re-queued (a re-queued job would reuse this job's id). */
const EARLY_TOLERANCE_MS = 2_000;

/**
 * The inactivity clock of one ticket. Activity only moves `lastActivityAt` in the database; this task re-reads it
 * when it runs: still quiet → warn, then (quiet since the warning) close; otherwise it queues itself for the new due
 * time. Settings are read at run time, so changing them applies to open tickets.
 */
export class TicketInactivityTask extends PluginTask<'ticketInactivity'> {
  public override async runEnabled({ guildId, ticketId }: ScheduledTasksPayload<'ticketInactivity'>) {
    const service = this.container.tickets;
    const ticket = await service.store.byId(ticketId);
    if (!ticket || ticket.status === TicketStatus.CLOSED) return;
    const guild = this.container.client.guilds.cache.get(guildId);
    if (!guild) return;
    const settings = await service.settings(guildId);
    if (settings.inactivityWarnSeconds === 0) return;
    const due = ticket.staleWarnedAt
      ? ticket.staleWarnedAt.getTime() + settings.inactivityCloseSeconds * 1000
      : ticket.lastActivityAt.getTime() + settings.inactivityWarnSeconds * 1000;
    const early = due - Date.now();
    if (early > EARLY_TOLERANCE_MS) {
      await service.scheduleInactivity(ticket, settings);
      return;
    }
    if (early > 0) await sleep(early);
    const channel = await service.channelOf(guild, ticket);
    if (!channel) {
      await service.channelGone(guild, ticket);
      return;
    }
    if (ticket.staleWarnedAt) {
      await service.close(guild, ticket, this.container.client.user!.id, 'Closed after inactivity.');
      return;
    }
    if (!(await service.store.markWarned(ticket.id, ticket.lastActivityAt))) return; // Activity won the race.
    await channel.send({
      content: `<@${ticket.userId}> This ticket has been quiet for a while. It will close <t:${Math.ceil(Date.now() / 1000 + settings.inactivityCloseSeconds)}:R> unless someone writes here.`,
      allowedMentions: { users: [ticket.userId] },
    });
    const warned = await service.store.byId(ticket.id);
    if (warned) await service.scheduleInactivity(warned, settings);
  }
}
