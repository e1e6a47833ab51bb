import { Colors, OverwriteType, userMention, type Guild, type GuildMember } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { TicketStatus, type Ticket, type TicketPriority } from '../entities/Ticket';
import type { TicketContext } from './TicketContext';
import type { TicketJobs } from './TicketJobs';
import { CHANNEL_MEMBER_ALLOW_FLAGS, addRoleToThread, channelOf } from './ticketChannels';
import { PRIORITY_NAMES, label, refuse, stateRefusal, where } from './ticketText';

/**
 * What staff (and the opener) do to an open ticket: claim, assign, priority, escalation, resolve and reopen, access
 * and internal notes. Each change is one conditional UPDATE (the state machine), then its log entry and event.
 */
export class TicketStaffActions {
  public constructor(
    private readonly context: TicketContext,
    private readonly jobs: TicketJobs,
  ) {}

  public async claim(guild: Guild, ticket: Ticket, agent: GuildMember): Promise<Ticket> {
    if (agent.id === ticket.userId) refuse('You cannot claim your own ticket.');
    await this.requireActiveAgent(guild.id, agent.id, 'You are marked as an inactive support agent.', true);
    const claimed = await this.context.repository.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.ESCALATED],
      { status: TicketStatus.IN_PROGRESS, assignedTo: agent.id },
      { sql: 'assigned_to IS NULL', parameters: {} },
    );
    if (!claimed) {
      const current = (await this.context.repository.byId(ticket.id))!;
      if (current.assignedTo && current.status !== TicketStatus.CLOSED && current.status !== TicketStatus.RESOLVED) {
        refuse(
          current.assignedTo === agent.id
            ? `You already handle ${label(current)}.`
            : `${label(current)} is already claimed by ${userMention(current.assignedTo)}.`,
        );
      }
      refuse(stateRefusal(current, 'claim'));
    }
    await this.context.repository.touch(ticket.id, false);
    await this.context.log(
      guild.id,
      `${label(claimed)} claimed`,
      `${userMention(agent.id)} handles ${where(claimed)}.`,
      Colors.Blue,
    );
    this.context.deps.emit('ticketClaimed', { ...this.context.event(claimed, agent.id), agentId: agent.id });
    return claimed;
  }

  public async unclaim(guild: Guild, ticket: Ticket, actor: GuildMember): Promise<Ticket> {
    const mayRelease =
      ticket.assignedTo === actor.id || (await this.context.deps.hasPermission(actor, Permission.ASSIGN_TICKET));
    if (ticket.assignedTo && !mayRelease)
      refuse(`Only ${userMention(ticket.assignedTo)} or someone with **ASSIGN_TICKET** can unclaim it.`);
    const released = await this.context.repository.transition(
      ticket.id,
      [TicketStatus.IN_PROGRESS],
      { status: ticket.isEscalated ? TicketStatus.ESCALATED : TicketStatus.OPEN, assignedTo: null },
      { sql: 'assigned_to = :assignee', parameters: { assignee: ticket.assignedTo ?? '0' } },
    );
    if (!released) refuse(ticket.assignedTo ? stateRefusal(ticket, 'unclaim') : `${label(ticket)} is not claimed.`);
    await this.context.log(
      guild.id,
      `${label(released)} unclaimed`,
      `${userMention(actor.id)} released ${where(released)}.`,
      Colors.Grey,
    );
    return released;
  }

  public async assign(guild: Guild, ticket: Ticket, actor: GuildMember, agent: GuildMember): Promise<Ticket> {
    if (agent.user.bot) refuse('Tickets can only be assigned to people.');
    if (agent.id === ticket.userId) refuse('The opener cannot handle their own ticket.');
    await this.requireActiveAgent(
      guild.id,
      agent.id,
      `${userMention(agent.id)} is not an active support agent (\`/support agent add\`).`,
      false,
    );
    const assigned = await this.context.repository.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED],
      { status: TicketStatus.IN_PROGRESS, assignedTo: agent.id },
    );
    if (!assigned) refuse(stateRefusal((await this.context.repository.byId(ticket.id))!, 'assign'));
    await this.context.log(
      guild.id,
      `${label(assigned)} assigned`,
      `${userMention(actor.id)} assigned ${where(assigned)} to ${userMention(agent.id)}.`,
      Colors.Blue,
    );
    this.context.deps.emit('ticketClaimed', { ...this.context.event(assigned, actor.id), agentId: agent.id });
    return assigned;
  }

  public async setPriority(guild: Guild, ticket: Ticket, actor: GuildMember, priority: TicketPriority) {
    const updated = await this.context.repository.setPriority(ticket.id, priority);
    if (!updated) refuse(stateRefusal(ticket, 'reprioritise'));
    await this.context.log(
      guild.id,
      `${label(updated)} priority`,
      `${userMention(actor.id)} set ${where(updated)} to **${PRIORITY_NAMES[priority]}**.`,
      Colors.Yellow,
    );
    return updated;
  }

  public async escalate(guild: Guild, ticket: Ticket, actor: GuildMember, reason: string | null) {
    const escalated = await this.context.repository.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.IN_PROGRESS],
      {
        status: TicketStatus.ESCALATED,
        isEscalated: true,
        escalationReason: reason,
      },
    );
    if (!escalated) refuse(stateRefusal((await this.context.repository.byId(ticket.id))!, 'escalate'));
    const settings = await this.context.settings(guild.id);
    const channel = await channelOf(guild, escalated);
    // A role deleted since it was set: escalate without it (and tell the admins once), never half-way.
    const role = settings.escalationRoleId
      ? (
          await this.context.deps.notices.role(guild, {
            plugin: 'tickets',
            setting: 'escalationRoleId',
            id: settings.escalationRoleId,
            skipped: 'escalated tickets are not opened to it and ping nobody',
          })
        )?.id
      : undefined;
    // A ping from a channel the role cannot see reaches nobody: let the escalation role in first.
    if (role && channel?.isThread()) await addRoleToThread(channel, role);
    else if (role && channel && 'permissionOverwrites' in channel) {
      await channel.permissionOverwrites.edit(role, CHANNEL_MEMBER_ALLOW_FLAGS);
    }
    await channel?.send({
      content: `${role ? `<@&${role}> ` : ''}${label(escalated)} was escalated by ${userMention(actor.id)}${reason ? `: ${reason}` : '.'}`,
      allowedMentions: { roles: role ? [role] : [], users: [] },
    });
    await this.context.log(
      guild.id,
      `${label(escalated)} escalated`,
      `${userMention(actor.id)} escalated ${where(escalated)}${reason ? `: ${reason}` : '.'}`,
      Colors.Orange,
    );
    this.context.deps.emit('ticketEscalated', { ...this.context.event(escalated, actor.id), reason });
    return escalated;
  }

  public async resolve(guild: Guild, ticket: Ticket, actor: GuildMember) {
    const resolved = await this.context.repository.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED],
      { status: TicketStatus.RESOLVED },
    );
    if (!resolved) refuse(stateRefusal((await this.context.repository.byId(ticket.id))!, 'resolve'));
    await this.context.log(
      guild.id,
      `${label(resolved)} resolved`,
      `${userMention(actor.id)} marked ${where(resolved)} resolved.`,
      Colors.Green,
    );
    return resolved;
  }

  public async reopen(guild: Guild, ticket: Ticket, actor: GuildMember) {
    const reopened = await this.context.repository.transition(
      ticket.id,
      [TicketStatus.RESOLVED, TicketStatus.CLOSED],
      {
        status: ticket.assignedTo ? TicketStatus.IN_PROGRESS : TicketStatus.OPEN,
        closedAt: null,
        closedBy: null,
        closeReason: null,
        staleWarnedAt: null,
        lastActivityAt: new Date(),
      },
      { sql: 'channel_deleted_at IS NULL', parameters: {} },
    );
    if (!reopened) {
      const current = (await this.context.repository.byId(ticket.id))!;
      refuse(
        current.channelDeletedAt
          ? `${label(current)} is closed and its channel is gone; open a new ticket.`
          : stateRefusal(current, 'reopen'),
      );
    }
    await this.jobs.scheduleInactivity(reopened, await this.context.settings(guild.id));
    await this.context.log(
      guild.id,
      `${label(reopened)} reopened`,
      `${userMention(actor.id)} reopened ${where(reopened)}.`,
      Colors.Green,
    );
    return reopened;
  }

  /** Adds or removes a member's access to the ticket channel. */
  public async setAccess(guild: Guild, ticket: Ticket, actor: GuildMember, target: GuildMember, allow: boolean) {
    if (ticket.status === TicketStatus.CLOSED) refuse(stateRefusal(ticket, 'change'));
    if (target.id === ticket.userId && !allow) refuse('The opener cannot be removed from their own ticket.');
    if (target.user.bot) refuse('Bots cannot be added to or removed from tickets.');
    const channel = await channelOf(guild, ticket);
    if (!channel) refuse(`${label(ticket)} has no channel any more.`);
    if (channel.isThread()) {
      if (allow) await channel.members.add(target.id);
      else await channel.members.remove(target.id);
    } else if (allow) {
      // The type given: without it discord.js looks the id up in its user cache, which keeps only recent users.
      await channel.permissionOverwrites.edit(target.id, CHANNEL_MEMBER_ALLOW_FLAGS, { type: OverwriteType.Member });
    } else {
      await channel.permissionOverwrites.delete(target.id);
    }
    await this.context.log(
      guild.id,
      `${label(ticket)} ${allow ? 'member added' : 'member removed'}`,
      `${userMention(actor.id)} ${allow ? 'added' : 'removed'} ${userMention(target.id)} ${allow ? 'to' : 'from'} ${where(ticket)}.`,
      Colors.Grey,
    );
  }

  /** Stores an internal note (staff only) and shows it in the ticket-log channel, never in the ticket. */
  public async note(guild: Guild, ticket: Ticket, author: GuildMember, text: string): Promise<void> {
    if (ticket.status === TicketStatus.CLOSED) refuse(stateRefusal(ticket, 'annotate'));
    await this.context.repository.recordMessage({
      guildId: guild.id,
      ticketId: ticket.id,
      senderId: author.id,
      senderName: author.user.username,
      senderIsBot: false,
      content: text,
      isInternal: true,
      discordMessageId: null,
      attachments: [],
      embeds: [],
    });
    await this.context.log(
      guild.id,
      `${label(ticket)} internal note`,
      `${userMention(author.id)}: ${text}`,
      Colors.Yellow,
    );
  }

  private async requireActiveAgent(
    guildId: string,
    userId: string,
    inactiveMessage: string,
    registerIfMissing: boolean,
  ) {
    const agent = await this.context.repository.agent(guildId, userId);
    if (agent && !agent.isActive) refuse(inactiveMessage);
    if (!agent) {
      if (!registerIfMissing) refuse(inactiveMessage);
      // Whoever may provide support and claims a ticket becomes an agent, so stats and the queue know them.
      await this.context.repository.setAgentActive(guildId, userId, true);
    }
  }
}
