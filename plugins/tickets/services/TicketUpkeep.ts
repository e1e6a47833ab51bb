import { setTimeout as sleep } from 'node:timers/promises';
import { RESTJSONErrorCodes, Routes, type APIChannel } from 'discord.js';
import { ifChannelExists } from '#core/plugin-kit/discordErrors';
import { ownsGuild } from '#core/plugin-kit/guildOwnership';
import { TicketStatus, type Ticket } from '../entities/Ticket';
import { AUTO_CLOSE_SETTINGS } from '../settings';
import type { TicketClosing } from './TicketClosing';
import type { TicketContext } from './TicketContext';
import { inactivityDue, type TicketJobs } from './TicketJobs';
import { label } from './ticketText';

/** A job due this close is run now rather than re-queued (a re-queued job would reuse this job's id). */
const EARLY_TOLERANCE_MS = 2_000;

/**
 * The scheduled side of tickets: the inactivity clock and the channel deletion that the tasks run, and the plugin's
 * lifecycle hooks that keep those jobs in agreement with the database. By id through REST and the database only,
 * so any process can run them.
 */
export class TicketUpkeep {
  public constructor(
    private readonly context: TicketContext,
    private readonly jobs: TicketJobs,
    private readonly closing: TicketClosing,
  ) {}

  /**
   * The `reconcile` hook: every open ticket has its inactivity job, every closed ticket whose channel still exists
   * has its deletion job, and tickets whose channel was deleted while nobody watched are closed — in the guilds
   * where the plugin is enabled (only `guildId`, when given). Job ids are deterministic, so jobs Redis still holds
   * are not queued twice.
   */
  public async reconcile(guildId?: string): Promise<void> {
    const byGuild = new Map<string, Ticket[]>();
    for (const ticket of await this.context.repository.withLiveChannels(guildId)) {
      // Every guild: those this process owns; each shard process reconciles its own.
      if (guildId === undefined && !ownsGuild(ticket.guildId)) continue;
      byGuild.set(ticket.guildId, [...(byGuild.get(ticket.guildId) ?? []), ticket]);
    }
    let checked = 0;
    for (const [guild, tickets] of byGuild) {
      if (!(await this.context.plugin.isEnabled(guild))) continue;
      let channels: Set<string>;
      try {
        channels = await this.existingChannels(guild, tickets);
      } catch (error) {
        this.context.logger.warn(`Tickets: could not list the channels of guild ${guild} to reconcile:`, error);
        continue;
      }
      const settings = await this.context.settings(guild);
      for (const ticket of tickets) {
        try {
          checked += 1;
          if (!channels.has(ticket.channelId!)) await this.closing.channelGone(guild, ticket);
          else if (ticket.status === TicketStatus.CLOSED) {
            const deleteAt = ticket.closedAt!.getTime() + settings.deleteChannelAfterSeconds * 1000;
            await this.jobs.scheduleChannelDelete(ticket, new Date(deleteAt));
          } else await this.jobs.scheduleInactivity(ticket, settings);
        } catch (error) {
          this.context.logger.error(`Tickets: reconciling ticket ${ticket.id} failed:`, error);
        }
      }
    }
    if (checked > 0) this.context.logger.info(`Tickets: reconciled ${checked} ticket(s) with the task queue.`);
  }

  /** The `onGuildDisable` hook: auto-close and channel deletions stop there; re-enabling reconciles them back. */
  public async disable(guildId: string): Promise<void> {
    await this.jobs.cancelGuild(guildId, ['ticketInactivity', 'ticketChannelDelete']);
  }

  /** The `onSettingsChange` hook: new auto-close delays apply to the open tickets at once. */
  public async settingsChanged(guildId: string, key: string): Promise<void> {
    if (!AUTO_CLOSE_SETTINGS.includes(key)) return;
    await this.jobs.cancelGuild(guildId, ['ticketInactivity']);
    await this.reconcile(guildId);
  }

  /**
   * The ticket channels (of these tickets) that exist in the guild: its channels in one request, and each thread
   * ticket asked for (archived private threads are listed nowhere cheaper).
   */
  private async existingChannels(guildId: string, tickets: readonly Ticket[]): Promise<Set<string>> {
    const { rest } = this.context.client;
    const channels = (await rest.get(Routes.guildChannels(guildId))) as APIChannel[];
    const existing = new Set(channels.map((channel) => channel.id));
    for (const ticket of tickets) {
      if (!ticket.isThread || existing.has(ticket.channelId!)) continue;
      const thread = await ifChannelExists(rest.get(Routes.channel(ticket.channelId!)) as Promise<APIChannel>);
      if (thread) existing.add(thread.id);
    }
    return existing;
  }

  /**
   * The `ticketInactivity` task. Activity only moves `lastActivityAt` in the database; this re-reads it: still
   * quiet → warn, then (quiet since the warning) close; otherwise it queues itself for the new due time. Settings
   * are read at run time, so changing them applies to open tickets.
   */
  public async runInactivity(guildId: string, ticketId: number): Promise<void> {
    const { repository } = this.context;
    const ticket = await repository.byId(ticketId);
    if (!ticket || ticket.status === TicketStatus.CLOSED) return;
    const settings = await this.context.settings(guildId);
    if (settings.inactivityWarnSeconds === 0) return;
    const early = inactivityDue(ticket, settings) - Date.now();
    if (early > EARLY_TOLERANCE_MS) {
      await this.jobs.scheduleInactivity(ticket, settings);
      return;
    }
    if (early > 0) await sleep(early);
    if (!(await this.context.channelExists(ticket))) {
      await this.closing.channelGone(guildId, ticket);
      return;
    }
    if (ticket.staleWarnedAt) {
      await this.closing.close(guildId, ticket, this.context.botId(), 'Closed after inactivity.');
      return;
    }
    if (!(await repository.markWarned(ticket.id, ticket.lastActivityAt))) return; // Activity won the race.
    const warned = await this.context.post(ticket.channelId!, {
      content: `<@${ticket.userId}> This ticket has been quiet for a while. It will close <t:${Math.ceil(Date.now() / 1000 + settings.inactivityCloseSeconds)}:R> unless someone writes here.`,
      allowed_mentions: { users: [ticket.userId] },
    });
    if (!warned) {
      await this.closing.channelGone(guildId, ticket);
      return;
    }
    const current = await repository.byId(ticket.id);
    if (current) await this.jobs.scheduleInactivity(current, settings);
  }

  /** The `ticketChannelDelete` task: deletes a closed ticket's channel once the delay is over; reopened keeps it. */
  public async runChannelDelete(ticketId: number): Promise<void> {
    const { repository } = this.context;
    const ticket = await repository.byId(ticketId);
    if (!ticket || ticket.status !== TicketStatus.CLOSED || ticket.channelDeletedAt || !ticket.channelId) return;
    // Marked first: the CHANNEL_DELETE this causes must not look like a deletion by hand.
    await repository.markChannelDeleted(ticket.id);
    await this.context.client.rest
      .delete(Routes.channel(ticket.channelId), { reason: `${label(ticket)} closed` })
      .catch((error: { code?: number }) => {
        if (error.code !== RESTJSONErrorCodes.UnknownChannel) throw error;
      });
  }
}
