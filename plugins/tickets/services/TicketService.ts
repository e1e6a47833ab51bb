import { container, UserError } from '@sapphire/framework';
import { DiscordSnowflake } from '@sapphire/snowflake';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Colors,
  DiscordAPIError,
  EmbedBuilder,
  OverwriteType,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  channelMention,
  userMention,
  type Guild,
  type GuildBasedChannel,
  type GuildMember,
  type OverwriteResolvable,
  type SendableChannels,
  type ThreadChannel,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { Ticket, TicketPriority, TicketStatus } from '../entities/Ticket';
import type { TicketMessage } from '../entities/TicketMessage';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { TicketEvent, TicketSettings, ticketSettings } from '../index';
import { TicketStore, openLimitMessage, ticketNumberLabel } from './TicketStore';
import { renderTranscript, type InlineImages } from './transcript';

/** Custom ids of the plugin's buttons and modals. */
export const TicketIds = {
  openButton: 'tickets:open',
  openModal: 'tickets:open-modal',
  claimButton: 'tickets:claim',
  closeButton: 'tickets:close',
  closeConfirmButton: 'tickets:close-confirm',
  /** `tickets:rate:<ticketId>:<1-5>` */
  ratePrefix: 'tickets:rate:',
  /** `tickets:feedback:<ticketId>:<1-5>` */
  feedbackModalPrefix: 'tickets:feedback:',
} as const;

export const PRIORITY_NAMES: Record<TicketPriority, string> = {
  [TicketPriority.LOW]: 'low',
  [TicketPriority.NORMAL]: 'normal',
  [TicketPriority.HIGH]: 'high',
  [TicketPriority.URGENT]: 'urgent',
};

const STATUS_NAMES: Record<TicketStatus, string> = {
  [TicketStatus.OPEN]: 'open',
  [TicketStatus.IN_PROGRESS]: 'in progress',
  [TicketStatus.RESOLVED]: 'resolved',
  [TicketStatus.CLOSED]: 'closed',
  [TicketStatus.ESCALATED]: 'escalated',
};

/** A channel this old that is not a ticket will never be one (ticket channels are new when attached). */
const PLAIN_CHANNEL_MIN_AGE_MS = 60_000;
const PLAIN_CHANNEL_CACHE_LIMIT = 50_000;
/** Discord's limit of channels in one category. */
const CATEGORY_CAPACITY = 50;
/** Members of the support role added to an overflow thread (a private thread shows only to its members). */
const THREAD_STAFF_LIMIT = 25;

const NOT_CLOSED = [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED, TicketStatus.RESOLVED];
const CHANNEL_MEMBER_ALLOW = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.EmbedLinks,
];

/** The same, as the flags object `permissionOverwrites.edit` takes. */
const CHANNEL_MEMBER_ALLOW_FLAGS = {
  ViewChannel: true,
  SendMessages: true,
  ReadMessageHistory: true,
  AttachFiles: true,
  EmbedLinks: true,
};

/** The guild's configured staff roles (support, moderator, admin), without duplicates. */
function staffRoleIds(config: { supportRoleId: string | null; modRoleId: string | null; adminRoleId: string | null }) {
  return [...new Set([config.supportRoleId, config.modRoleId, config.adminRoleId])].filter(
    (id): id is string => id !== null,
  );
}

function refuse(message: string): never {
  throw new UserError({ identifier: 'TicketRefused', message });
}

function label(ticket: Ticket): string {
  return `Ticket #${ticketNumberLabel(ticket.number)}`;
}

/** The actions the state machine can refuse, as "you cannot <verb> it" and "it cannot be <done>". */
const ACTIONS = {
  claim: 'claimed',
  unclaim: 'unclaimed',
  assign: 'assigned',
  reprioritise: 'reprioritised',
  escalate: 'escalated',
  resolve: 'resolved',
  reopen: 'reopened',
  change: 'changed',
  annotate: 'annotated',
  close: 'closed',
} as const;

/** Why a ticket in this state cannot take the action (the state machine's refusals, in words). */
function stateRefusal(ticket: Ticket, action: keyof typeof ACTIONS): string {
  switch (ticket.status) {
    case TicketStatus.CLOSED:
      return action === 'close'
        ? `${label(ticket)} is already closed.`
        : `${label(ticket)} is closed; reopen it first.`;
    case TicketStatus.RESOLVED:
      return `${label(ticket)} is resolved; reopen it before you ${action} it.`;
    default:
      return `${label(ticket)} is ${STATUS_NAMES[ticket.status]}, so it cannot be ${ACTIONS[action]}.`;
  }
}

/**
 * The ticket workflow on Discord: channels and threads, the log channel, transcripts, DMs, events and scheduled
 * work. The data rules live in {@link TicketStore}; this class turns them into what members see.
 */
export class TicketService {
  public readonly store: TicketStore;
  /**
   * Channels known not to be tickets, so messages there cost no query. Every ticket gets a channel created for it,
   * so a channel that is not a ticket once it is a minute old never becomes one: safe to remember in any process.
   */
  private readonly plainChannels = new Set<string>();

  public constructor(private readonly plugin: PluginHandle<typeof ticketSettings>) {
    this.store = new TicketStore(container.database);
  }

  public settings(guildId: string): Promise<TicketSettings> {
    return this.plugin.settings(guildId);
  }

  public async isStaff(member: GuildMember): Promise<boolean> {
    return container.permissions.has(member, Permission.PROVIDE_SUPPORT);
  }

  /** The ticket whose channel this is, or a refusal. */
  public async ticketIn(guildId: string, channelId: string | null): Promise<Ticket> {
    const ticket = channelId ? await this.store.byChannel(guildId, channelId) : null;
    if (!ticket) refuse('This is not a ticket channel. Run the command inside the ticket.');
    return ticket;
  }

  /** The ticket of the channel a message was said in, or null (cheaply, for the message listener). */
  public async ticketOfMessageChannel(guildId: string, channelId: string): Promise<Ticket | null> {
    if (this.plainChannels.has(channelId)) return null;
    const ticket = await this.store.byChannel(guildId, channelId);
    if (!ticket && Date.now() - DiscordSnowflake.timestampFrom(channelId) > PLAIN_CHANNEL_MIN_AGE_MS) {
      if (this.plainChannels.size >= PLAIN_CHANNEL_CACHE_LIMIT) this.plainChannels.clear();
      this.plainChannels.add(channelId);
    }
    return ticket;
  }

  // Opening -------------------------------------------------------------------------------------------------------

  /**
   * Refuses before the modal is shown when the member cannot open a ticket now, so nobody types a description for
   * nothing. Advisory only: the limits are enforced again, race-free, when the modal is submitted.
   */
  public async assertMayOpen(member: GuildMember): Promise<void> {
    await this.requireCreatePermission(member);
    const settings = await this.settings(member.guild.id);
    await this.closeOrphans(member.guild, member.id);
    const open = await this.store.activeOf(member.guild.id, member.id);
    if (open.length >= settings.maxOpenPerMember) refuse(openLimitMessage(open, settings.maxOpenPerMember));
  }

  /** Opens a ticket for `member`: limits checked race-free, then its private channel (or overflow thread). */
  public async open(member: GuildMember, title: string, description: string, originChannelId: string | null) {
    const { guild } = member;
    await this.requireCreatePermission(member);
    const settings = await this.settings(guild.id);
    await this.closeOrphans(guild, member.id);
    const ticket = await this.store.reserve({
      guildId: guild.id,
      userId: member.id,
      title: title.trim().slice(0, 100),
      description: description.trim().slice(0, 4000),
      maxOpen: settings.maxOpenPerMember,
      cooldownSeconds: settings.cooldownSeconds,
    });
    let channel: SendableChannels & GuildBasedChannel;
    try {
      channel = await this.createChannel(guild, ticket, member, settings, originChannelId);
    } catch (error) {
      await this.store.discard(ticket.id);
      throw error;
    }
    ticket.channelId = channel.id;
    const { config } = await container.guildSettings.get(guild.id);
    await channel.send({
      content: [userMention(member.id), config.supportRoleId ? `<@&${config.supportRoleId}>` : '']
        .filter(Boolean)
        .join(' '),
      embeds: [this.ticketEmbed(ticket, member)],
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(TicketIds.claimButton).setLabel('Claim').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId(TicketIds.closeButton).setLabel('Close').setStyle(ButtonStyle.Danger),
        ),
      ],
      allowedMentions: { users: [member.id], roles: config.supportRoleId ? [config.supportRoleId] : [] },
    });
    await this.scheduleInactivity(ticket, settings);
    await this.log(
      guild,
      `${label(ticket)} opened`,
      `${userMention(member.id)} opened ${channelMention(channel.id)}: ${ticket.title}`,
      Colors.Green,
    );
    container.client.emit('ticketOpened', { ...this.event(ticket, member.id), title: ticket.title });
    return { ticket, channel };
  }

  private async requireCreatePermission(member: GuildMember): Promise<void> {
    if (!(await container.permissions.has(member, Permission.CREATE_TICKET))) {
      refuse('You need the **CREATE_TICKET** permission to open a ticket.');
    }
  }

  private ticketEmbed(ticket: Ticket, opener: GuildMember) {
    return new EmbedBuilder()
      .setTitle(`${label(ticket)}: ${ticket.title}`)
      .setDescription(ticket.description || '(no description)')
      .addFields(
        { name: 'Opened by', value: userMention(opener.id), inline: true },
        { name: 'Priority', value: PRIORITY_NAMES[ticket.priority], inline: true },
      )
      .setFooter({ text: 'Staff will be with you soon. Close the ticket with the button when you are done.' })
      .setColor(Colors.Blurple);
  }

  /**
   * The ticket's channel: in the support category, else the overflow category, else a private thread in the channel
   * where it was asked for. Full categories (Discord's limit is 50) are skipped, also when Discord says so first.
   */
  private async createChannel(
    guild: Guild,
    ticket: Ticket,
    member: GuildMember,
    settings: TicketSettings,
    originChannelId: string | null,
  ): Promise<SendableChannels & GuildBasedChannel> {
    const { config } = await container.guildSettings.get(guild.id);
    const name = `ticket-${ticketNumberLabel(ticket.number)}`;
    const overwrites: OverwriteResolvable[] = [
      { id: guild.roles.everyone.id, type: OverwriteType.Role, deny: [PermissionFlagsBits.ViewChannel] },
      { id: member.id, type: OverwriteType.Member, allow: CHANNEL_MEMBER_ALLOW },
      {
        id: container.client.user!.id,
        type: OverwriteType.Member,
        allow: [...CHANNEL_MEMBER_ALLOW, PermissionFlagsBits.ManageChannels],
      },
    ];
    // Every configured staff role sees tickets; moderators and admins handle escalations.
    for (const roleId of staffRoleIds(config)) {
      overwrites.push({ id: roleId, type: OverwriteType.Role, allow: CHANNEL_MEMBER_ALLOW });
    }
    const categories = [config.supportCategoryId, settings.overflowCategoryId].filter(
      (id, index, all): id is string => id !== null && all.indexOf(id) === index,
    );
    if (categories.length === 0) {
      const channel = await guild.channels.create({
        name,
        type: ChannelType.GuildText,
        permissionOverwrites: overwrites,
      });
      await this.store.attachChannel(ticket.id, channel.id, false);
      return channel;
    }
    for (const categoryId of categories) {
      const children = guild.channels.cache.filter((channel) => channel.parentId === categoryId).size;
      if (!guild.channels.cache.has(categoryId) || children >= CATEGORY_CAPACITY) continue;
      try {
        const channel = await guild.channels.create({
          name,
          type: ChannelType.GuildText,
          parent: categoryId,
          permissionOverwrites: overwrites,
        });
        await this.store.attachChannel(ticket.id, channel.id, false);
        return channel;
      } catch (error) {
        if (!isCategoryFull(error)) throw error;
      }
    }
    const origin = originChannelId ? guild.channels.cache.get(originChannelId) : undefined;
    if (!settings.overflowToThread || origin?.type !== ChannelType.GuildText) {
      refuse('Sorry, every ticket category is full right now. Please try again later or contact a moderator.');
    }
    const thread = await origin.threads.create({ name, type: ChannelType.PrivateThread, invitable: false });
    await this.store.attachChannel(ticket.id, thread.id, true);
    await thread.members.add(member.id);
    if (config.supportRoleId) await this.addRoleToThread(thread, config.supportRoleId);
    return thread;
  }

  /** Adds a role's members to a private thread (bounded: a private thread shows only to its members). */
  private async addRoleToThread(thread: ThreadChannel, roleId: string): Promise<void> {
    const members = thread.guild.roles.cache.get(roleId)?.members;
    for (const member of [...(members?.values() ?? [])].slice(0, THREAD_STAFF_LIMIT)) {
      await thread.members.add(member.id);
    }
  }

  /** Closes the member's tickets whose channel was deleted while the bot did not see it, so they block nothing. */
  private async closeOrphans(guild: Guild, userId: string): Promise<void> {
    for (const ticket of await this.store.activeOf(guild.id, userId)) {
      if (ticket.channelId && !(await this.channelOf(guild, ticket))) {
        await this.channelGone(guild, ticket);
      }
    }
  }

  /** The ticket's channel or thread, or null when it no longer exists. */
  public async channelOf(guild: Guild, ticket: Ticket): Promise<(SendableChannels & GuildBasedChannel) | null> {
    if (!ticket.channelId) return null;
    const cached = guild.channels.cache.get(ticket.channelId);
    if (cached) return cached.isSendable() ? cached : null;
    if (!ticket.isThread) return null;
    const fetched = await guild.channels.fetch(ticket.channelId).catch(() => null);
    return fetched?.isSendable() ? fetched : null;
  }

  /** A ticket's channel was deleted by hand: close the ticket (transcript from what was stored) and record it. */
  public async channelGone(guild: Guild, ticket: Ticket): Promise<void> {
    await this.store.markChannelDeleted(ticket.id);
    if (ticket.status !== TicketStatus.CLOSED) {
      await this.close(guild, ticket, container.client.user!.id, 'The ticket channel was deleted.', {
        channelGone: true,
      });
    }
  }

  // Status changes ------------------------------------------------------------------------------------------------

  public async claim(guild: Guild, ticket: Ticket, agent: GuildMember): Promise<Ticket> {
    if (agent.id === ticket.userId) refuse('You cannot claim your own ticket.');
    await this.requireActiveAgent(guild.id, agent.id, 'You are marked as an inactive support agent.', true);
    const claimed = await this.store.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.ESCALATED],
      { status: TicketStatus.IN_PROGRESS, assignedTo: agent.id },
      { sql: 'assigned_to IS NULL', parameters: {} },
    );
    if (!claimed) {
      const current = (await this.store.byId(ticket.id))!;
      if (current.assignedTo && current.status !== TicketStatus.CLOSED && current.status !== TicketStatus.RESOLVED) {
        refuse(
          current.assignedTo === agent.id
            ? `You already handle ${label(current)}.`
            : `${label(current)} is already claimed by ${userMention(current.assignedTo)}.`,
        );
      }
      refuse(stateRefusal(current, 'claim'));
    }
    await this.store.touch(ticket.id, false);
    await this.log(
      guild,
      `${label(claimed)} claimed`,
      `${userMention(agent.id)} handles ${this.where(claimed)}.`,
      Colors.Blue,
    );
    container.client.emit('ticketClaimed', { ...this.event(claimed, agent.id), agentId: agent.id });
    return claimed;
  }

  public async unclaim(guild: Guild, ticket: Ticket, actor: GuildMember): Promise<Ticket> {
    const mayRelease =
      ticket.assignedTo === actor.id || (await container.permissions.has(actor, Permission.ASSIGN_TICKET));
    if (ticket.assignedTo && !mayRelease)
      refuse(`Only ${userMention(ticket.assignedTo)} or someone with **ASSIGN_TICKET** can unclaim it.`);
    const released = await this.store.transition(
      ticket.id,
      [TicketStatus.IN_PROGRESS],
      { status: ticket.isEscalated ? TicketStatus.ESCALATED : TicketStatus.OPEN, assignedTo: null },
      { sql: 'assigned_to = :assignee', parameters: { assignee: ticket.assignedTo ?? '0' } },
    );
    if (!released) refuse(ticket.assignedTo ? stateRefusal(ticket, 'unclaim') : `${label(ticket)} is not claimed.`);
    await this.log(
      guild,
      `${label(released)} unclaimed`,
      `${userMention(actor.id)} released ${this.where(released)}.`,
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
    const assigned = await this.store.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED],
      { status: TicketStatus.IN_PROGRESS, assignedTo: agent.id },
    );
    if (!assigned) refuse(stateRefusal((await this.store.byId(ticket.id))!, 'assign'));
    await this.log(
      guild,
      `${label(assigned)} assigned`,
      `${userMention(actor.id)} assigned ${this.where(assigned)} to ${userMention(agent.id)}.`,
      Colors.Blue,
    );
    container.client.emit('ticketClaimed', { ...this.event(assigned, actor.id), agentId: agent.id });
    return assigned;
  }

  public async setPriority(guild: Guild, ticket: Ticket, actor: GuildMember, priority: TicketPriority) {
    const updated = await this.store.setPriority(ticket.id, priority);
    if (!updated) refuse(stateRefusal(ticket, 'reprioritise'));
    await this.log(
      guild,
      `${label(updated)} priority`,
      `${userMention(actor.id)} set ${this.where(updated)} to **${PRIORITY_NAMES[priority]}**.`,
      Colors.Yellow,
    );
    return updated;
  }

  public async escalate(guild: Guild, ticket: Ticket, actor: GuildMember, reason: string | null) {
    const escalated = await this.store.transition(ticket.id, [TicketStatus.OPEN, TicketStatus.IN_PROGRESS], {
      status: TicketStatus.ESCALATED,
      isEscalated: true,
      escalationReason: reason,
    });
    if (!escalated) refuse(stateRefusal((await this.store.byId(ticket.id))!, 'escalate'));
    const settings = await this.settings(guild.id);
    const channel = await this.channelOf(guild, escalated);
    const role = settings.escalationRoleId;
    // A ping from a channel the role cannot see reaches nobody: let the escalation role in first.
    if (role && channel?.isThread()) await this.addRoleToThread(channel, role);
    else if (role && channel && 'permissionOverwrites' in channel) {
      await channel.permissionOverwrites.edit(role, CHANNEL_MEMBER_ALLOW_FLAGS);
    }
    await channel?.send({
      content: `${role ? `<@&${role}> ` : ''}${label(escalated)} was escalated by ${userMention(actor.id)}${reason ? `: ${reason}` : '.'}`,
      allowedMentions: { roles: role ? [role] : [], users: [] },
    });
    await this.log(
      guild,
      `${label(escalated)} escalated`,
      `${userMention(actor.id)} escalated ${this.where(escalated)}${reason ? `: ${reason}` : '.'}`,
      Colors.Orange,
    );
    container.client.emit('ticketEscalated', { ...this.event(escalated, actor.id), reason });
    return escalated;
  }

  public async resolve(guild: Guild, ticket: Ticket, actor: GuildMember) {
    const resolved = await this.store.transition(
      ticket.id,
      [TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.ESCALATED],
      { status: TicketStatus.RESOLVED },
    );
    if (!resolved) refuse(stateRefusal((await this.store.byId(ticket.id))!, 'resolve'));
    await this.log(
      guild,
      `${label(resolved)} resolved`,
      `${userMention(actor.id)} marked ${this.where(resolved)} resolved.`,
      Colors.Green,
    );
    return resolved;
  }

  public async reopen(guild: Guild, ticket: Ticket, actor: GuildMember) {
    const reopened = await this.store.transition(
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
      const current = (await this.store.byId(ticket.id))!;
      refuse(
        current.channelDeletedAt
          ? `${label(current)} is closed and its channel is gone; open a new ticket.`
          : stateRefusal(current, 'reopen'),
      );
    }
    await this.scheduleInactivity(reopened, await this.settings(guild.id));
    await this.log(
      guild,
      `${label(reopened)} reopened`,
      `${userMention(actor.id)} reopened ${this.where(reopened)}.`,
      Colors.Green,
    );
    return reopened;
  }

  /** Adds or removes a member's access to the ticket channel. */
  public async setAccess(guild: Guild, ticket: Ticket, actor: GuildMember, target: GuildMember, allow: boolean) {
    if (ticket.status === TicketStatus.CLOSED) refuse(stateRefusal(ticket, 'change'));
    if (target.id === ticket.userId && !allow) refuse('The opener cannot be removed from their own ticket.');
    if (target.user.bot) refuse('Bots cannot be added to or removed from tickets.');
    const channel = await this.channelOf(guild, ticket);
    if (!channel) refuse(`${label(ticket)} has no channel any more.`);
    if (channel.isThread()) {
      if (allow) await channel.members.add(target.id);
      else await channel.members.remove(target.id);
    } else if (allow) {
      await channel.permissionOverwrites.edit(target.id, CHANNEL_MEMBER_ALLOW_FLAGS);
    } else {
      await channel.permissionOverwrites.delete(target.id);
    }
    await this.log(
      guild,
      `${label(ticket)} ${allow ? 'member added' : 'member removed'}`,
      `${userMention(actor.id)} ${allow ? 'added' : 'removed'} ${userMention(target.id)} ${allow ? 'to' : 'from'} ${this.where(ticket)}.`,
      Colors.Grey,
    );
  }

  /** Stores an internal note (staff only) and shows it in the ticket-log channel, never in the ticket. */
  public async note(guild: Guild, ticket: Ticket, author: GuildMember, text: string): Promise<void> {
    if (ticket.status === TicketStatus.CLOSED) refuse(stateRefusal(ticket, 'annotate'));
    await this.store.recordMessage({
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
    await this.log(guild, `${label(ticket)} internal note`, `${userMention(author.id)}: ${text}`, Colors.Yellow);
  }

  // Closing -------------------------------------------------------------------------------------------------------

  /**
   * Closes a ticket: the state change first (so a second close is refused), then the transcript to the log channel
   * and the opener's DMs (a closed DM changes nothing), then the channel's deletion after the configured delay.
   */
  public async close(
    guild: Guild,
    ticket: Ticket,
    actorId: string,
    reason: string | null,
    { channelGone = false }: { channelGone?: boolean } = {},
  ): Promise<Ticket> {
    const closed = await this.store.transition(ticket.id, NOT_CLOSED, {
      status: TicketStatus.CLOSED,
      closedAt: new Date(),
      closedBy: actorId,
      closeReason: reason?.slice(0, 500) ?? null,
    });
    if (!closed) refuse(stateRefusal((await this.store.byId(ticket.id))!, 'close'));
    const settings = await this.settings(guild.id);
    const channel = channelGone ? null : await this.channelOf(guild, closed);
    await channel
      ?.send({
        content: `${label(closed)} was closed by ${userMention(actorId)}${reason ? `: ${reason}` : '.'} This channel will be deleted <t:${Math.ceil(Date.now() / 1000) + settings.deleteChannelAfterSeconds}:R>.`,
        allowedMentions: { parse: [] },
      })
      .catch((error: unknown) =>
        container.logger.warn(`Tickets: could not announce the close of ${closed.id}:`, error),
      );
    const staffMessages = await this.store.messagesOf(closed.id);
    const images = await inlineImages(staffMessages);
    const staffTranscript = await this.transcript(guild, closed, staffMessages, images);
    const logged = await this.log(
      guild,
      `${label(closed)} closed`,
      `${userMention(actorId)} closed ${this.where(closed)}${reason ? `: ${reason}` : '.'}\nOpened by ${userMention(closed.userId)}: ${closed.title}`,
      Colors.Red,
      [staffTranscript],
    );
    if (!logged) container.logger.debug(`Tickets: guild ${guild.id} has no ticket-log channel for the transcript.`);
    const openerMessages = staffMessages.filter((message) => !message.isInternal);
    await this.sendFeedbackRequest(guild, closed, await this.transcript(guild, closed, openerMessages, images));
    if (channel) await this.scheduleChannelDelete(closed, settings.deleteChannelAfterSeconds * 1000);
    else if (!closed.channelDeletedAt) await this.store.markChannelDeleted(closed.id);
    container.client.emit('ticketClosed', { ...this.event(closed, actorId), reason });
    return closed;
  }

  private async transcript(
    guild: Guild,
    ticket: Ticket,
    messages: readonly TicketMessage[],
    images: InlineImages,
  ): Promise<AttachmentBuilder> {
    const opener = await container.client.users.fetch(ticket.userId).catch(() => null);
    const html = renderTranscript(
      {
        number: ticketNumberLabel(ticket.number),
        title: ticket.title,
        description: ticket.description,
        guildName: guild.name,
        openerName: opener?.username ?? ticket.userId,
        createdAt: ticket.createdAt,
        closedAt: ticket.closedAt,
        closeReason: ticket.closeReason,
      },
      messages,
      images,
    );
    return new AttachmentBuilder(Buffer.from(html, 'utf8'), {
      name: `ticket-${ticketNumberLabel(ticket.number)}.html`,
      description: `Transcript of ticket ${ticketNumberLabel(ticket.number)}`,
    });
  }

  /** DMs the opener the transcript (without internal notes) and the 1–5 rating buttons. */
  private async sendFeedbackRequest(guild: Guild, ticket: Ticket, transcript: AttachmentBuilder): Promise<void> {
    const buttons = [1, 2, 3, 4, 5].map((rating) =>
      new ButtonBuilder()
        .setCustomId(`${TicketIds.ratePrefix}${ticket.id}:${rating}`)
        .setLabel('★'.repeat(rating))
        .setStyle(ButtonStyle.Secondary),
    );
    try {
      const opener = await container.client.users.fetch(ticket.userId);
      await opener.send({
        content: `Your ticket #${ticketNumberLabel(ticket.number)} (“${ticket.title}”) in **${guild.name}** was closed${ticket.closeReason ? `: ${ticket.closeReason}` : '.'} The transcript is attached. How did we do?`,
        files: [transcript],
        components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)],
        allowedMentions: { parse: [] },
      });
    } catch (error) {
      // DMs closed, or the opener left every shared server: the close itself has happened.
      container.logger.debug(`Tickets: could not DM the opener of ticket ${ticket.id}:`, error);
    }
  }

  // Scheduled work ------------------------------------------------------------------------------------------------

  /**
   * Queues the inactivity check for when it is next due. The job id carries the due time, so reconciling on
   * start-up never queues a second copy of a job Redis still has.
   */
  public async scheduleInactivity(ticket: Ticket, settings: TicketSettings): Promise<void> {
    if (settings.inactivityWarnSeconds === 0) return;
    const due = ticket.staleWarnedAt
      ? ticket.staleWarnedAt.getTime() + settings.inactivityCloseSeconds * 1000
      : ticket.lastActivityAt.getTime() + settings.inactivityWarnSeconds * 1000;
    await container.tasks.create(
      { name: 'ticketInactivity', payload: { guildId: ticket.guildId, ticketId: ticket.id } },
      {
        repeated: false,
        delay: Math.max(0, due - Date.now()),
        customJobOptions: {
          jobId: `ticket-inactivity-${ticket.id}-${due}`,
          removeOnComplete: true,
          removeOnFail: true,
        },
      },
    );
  }

  public async scheduleChannelDelete(ticket: Ticket, delayMs: number): Promise<void> {
    await container.tasks.create(
      { name: 'ticketChannelDelete', payload: { guildId: ticket.guildId, ticketId: ticket.id } },
      {
        repeated: false,
        delay: Math.max(0, delayMs),
        customJobOptions: { jobId: `ticket-channel-delete-${ticket.id}`, removeOnComplete: true, removeOnFail: true },
      },
    );
  }

  // Helpers -------------------------------------------------------------------------------------------------------

  private async requireActiveAgent(
    guildId: string,
    userId: string,
    inactiveMessage: string,
    registerIfMissing: boolean,
  ) {
    const agent = await this.store.agent(guildId, userId);
    if (agent && !agent.isActive) refuse(inactiveMessage);
    if (!agent) {
      if (!registerIfMissing) refuse(inactiveMessage);
      // Whoever may provide support and claims a ticket becomes an agent, so stats and the queue know them.
      await this.store.setAgentActive(guildId, userId, true);
    }
  }

  private where(ticket: Ticket): string {
    return ticket.channelId && !ticket.channelDeletedAt ? channelMention(ticket.channelId) : label(ticket);
  }

  private event(ticket: Ticket, actorId: string): TicketEvent {
    return {
      guildId: ticket.guildId,
      ticketId: ticket.id,
      number: ticket.number,
      openerId: ticket.userId,
      channelId: ticket.channelId,
      actorId,
    };
  }

  /** Posts a ticket event to the guild's ticket-log channel, if it has one; user text can never ping. */
  public async log(
    guild: Guild,
    title: string,
    description: string,
    colour: number,
    files: AttachmentBuilder[] = [],
  ): Promise<boolean> {
    const { config } = await container.guildSettings.get(guild.id);
    const channel = config.ticketLogChannelId ? guild.channels.cache.get(config.ticketLogChannelId) : undefined;
    if (!channel?.isSendable()) return false;
    try {
      await channel.send({
        embeds: [
          new EmbedBuilder().setTitle(title).setDescription(description.slice(0, 4000)).setColor(colour).setTimestamp(),
        ],
        files,
        allowedMentions: { parse: [] },
      });
      return true;
    } catch (error) {
      container.logger.warn(`Tickets: could not write to the ticket-log channel of ${guild.id}:`, error);
      return false;
    }
  }
}

/** Image types shown inline in transcripts (no SVG: it can carry script). */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const INLINE_IMAGE_MAX_BYTES = 1024 * 1024;
const INLINE_IMAGES_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Downloads the tickets' image attachments (while the channel still exists) to show them inline in the
 * transcript, so it does not depend on Discord's attachment links, which expire. Small images only, bounded in
 * total; anything else stays a link.
 */
async function inlineImages(messages: readonly TicketMessage[]): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  let total = 0;
  for (const attachment of messages.flatMap((message) => message.attachments)) {
    if (total >= INLINE_IMAGES_MAX_BYTES || !/^https?:\/\//.test(attachment.url)) continue;
    try {
      const response = await fetch(attachment.url, { signal: AbortSignal.timeout(5_000) });
      const type = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
      const length = Number(response.headers.get('content-length') ?? 0);
      if (!response.ok || !INLINE_IMAGE_TYPES.has(type) || length > INLINE_IMAGE_MAX_BYTES) {
        await response.body?.cancel();
        continue;
      }
      const data = Buffer.from(await response.arrayBuffer());
      if (data.length > INLINE_IMAGE_MAX_BYTES || total + data.length > INLINE_IMAGES_MAX_BYTES) continue;
      total += data.length;
      images.set(attachment.url, `data:${type};base64,${data.toString('base64')}`);
    } catch (error) {
      container.logger.debug(`Tickets: could not inline attachment ${attachment.name}:`, error);
    }
  }
  return images;
}

function isCategoryFull(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType &&
    /CHANNEL_PARENT_MAX_CHANNELS/.test(error.message)
  );
}
