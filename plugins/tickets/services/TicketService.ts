import type { GuildMember } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { Ticket } from '../entities/Ticket';
import type { TicketSettings } from '../settings';
import type { TicketChannelRef } from './TicketChannelIndex';
import { TicketClosing } from './TicketClosing';
import { TicketContext, type TicketDependencies } from './TicketContext';
import { TicketJobs } from './TicketJobs';
import { TicketOpening } from './TicketOpening';
import type { TicketRepository } from './TicketRepository';
import { TicketStaffActions } from './TicketStaffActions';
import { TicketUpkeep } from './TicketUpkeep';
import { refuse } from './ticketText';

/**
 * The tickets plugin's service, one part per operation: `opening`, `staff` actions,
 * `closing` (transcripts, feedback) and `upkeep` (the scheduled work and lifecycle hooks), over the `repository`
 * where the data rules live.
 */
export class TicketService {
  public readonly repository: TicketRepository;
  public readonly opening: TicketOpening;
  public readonly staff: TicketStaffActions;
  public readonly closing: TicketClosing;
  public readonly upkeep: TicketUpkeep;
  private readonly context: TicketContext;

  public constructor(deps: TicketDependencies) {
    this.context = new TicketContext(deps);
    this.repository = this.context.repository;
    const jobs = new TicketJobs(this.context);
    this.closing = new TicketClosing(this.context, jobs);
    this.opening = new TicketOpening(this.context, jobs, this.closing);
    this.staff = new TicketStaffActions(this.context, jobs);
    this.upkeep = new TicketUpkeep(this.context, jobs, this.closing);
  }

  public settings(guildId: string): Promise<TicketSettings> {
    return this.context.settings(guildId);
  }

  public isStaff(member: GuildMember): Promise<boolean> {
    return this.context.deps.hasPermission(member, Permission.PROVIDE_SUPPORT);
  }

  /** The ticket whose channel this is, or a refusal. */
  public async ticketIn(guildId: string, channelId: string | null): Promise<Ticket> {
    const ticket = channelId ? await this.repository.byChannel(guildId, channelId) : null;
    if (!ticket) refuse('This is not a ticket channel. Run the command inside the ticket.');
    return ticket;
  }

  /**
   * The ticket of the channel a message was said in, if any: from memory, for the message listener — without a tick
   * once the guild's ticket channels are read (every message of the guild passes there, and almost none is in one).
   */
  public ticketOfMessageChannel(
    guildId: string,
    channelId: string,
  ): TicketChannelRef | null | Promise<TicketChannelRef | undefined> {
    return this.context.channels.lookupNow(guildId, channelId) ?? this.context.channels.lookup(guildId, channelId);
  }

  /** A channel of the guild was deleted. */
  public channelDeleted(guildId: string, channelId: string): void {
    this.context.channels.forget(guildId, channelId);
  }
}
