import { scheduleTask } from '#core/plugin-kit/tasks';
import type { Ticket } from '../entities/Ticket';
import type { TicketSettings } from '../settings';
import type { TicketContext } from './TicketContext';

type TicketJobName = 'ticketInactivity' | 'ticketChannelDelete';

/** Jobs read from the queue per page when looking for a guild's. */
const QUEUE_PAGE = 500;

/** When the ticket's inactivity check is next due: the warning, or the close after the warning. */
export function inactivityDue(ticket: Ticket, settings: TicketSettings): number {
  return ticket.staleWarnedAt
    ? ticket.staleWarnedAt.getTime() + settings.inactivityCloseSeconds * 1000
    : ticket.lastActivityAt.getTime() + settings.inactivityWarnSeconds * 1000;
}

/** The jobs tickets keep in the task queue: each ticket's inactivity clock and a closed ticket's channel deletion. */
export class TicketJobs {
  public constructor(private readonly context: TicketContext) {}

  /**
   * Queues the inactivity check for when it is next due. The job id carries the due time, so reconciling never
   * queues a second copy of a job Redis still has, and a check that finds the ticket active again can queue its
   * successor under a new id.
   */
  public async scheduleInactivity(ticket: Ticket, settings: TicketSettings): Promise<void> {
    if (settings.inactivityWarnSeconds === 0) return;
    const due = inactivityDue(ticket, settings);
    await scheduleTask(
      'ticketInactivity',
      { guildId: ticket.guildId, ticketId: ticket.id },
      // While Redis is down the ticket keeps its clock: `reconcile` (Redis back) queues the check.
      { at: new Date(due), id: `ticket-inactivity-${ticket.id}-${due}`, rebuiltByReconcile: true },
    );
  }

  public async scheduleChannelDelete(ticket: Ticket, at: Date): Promise<void> {
    await scheduleTask(
      'ticketChannelDelete',
      { guildId: ticket.guildId, ticketId: ticket.id },
      { at, id: `ticket-channel-delete-${ticket.id}`, rebuiltByReconcile: true },
    );
  }

  /**
   * Removes the guild's queued jobs of these kinds. Inactivity job ids carry a due time the database no longer
   * knows (activity moves it), so the guild's jobs are found in the queue; a job running right now cannot be
   * removed and re-checks the plugin and the ticket itself.
   */
  public async cancelGuild(guildId: string, names: readonly TicketJobName[]): Promise<number> {
    const queue = this.context.deps.tasks().client;
    // Every queued id in one atomic read, then the jobs page by page. Paging the lists themselves missed jobs: while
    // earlier delayed jobs left the set (due, or moved on by another process), a job shifted back across the page
    // boundary just read, and stayed queued beside its replacement.
    const ids = await queue.getRanges(['delayed', 'waiting', 'prioritized'], 0, -1, true);
    const found = [];
    for (let start = 0; start < ids.length; start += QUEUE_PAGE) {
      const jobs = await Promise.all(ids.slice(start, start + QUEUE_PAGE).map((id) => queue.getJob(id)));
      found.push(
        ...jobs.filter(
          (job): job is NonNullable<typeof job> =>
            job !== undefined &&
            names.includes(job.name as TicketJobName) &&
            (job.data as { guildId?: string }).guildId === guildId,
        ),
      );
    }
    let removed = 0;
    for (const job of found) {
      try {
        await job.remove();
        removed += 1;
      } catch (error) {
        this.context.logger.debug(`Tickets: job ${job.id} could not be removed (it is running):`, error);
      }
    }
    return removed;
  }
}
