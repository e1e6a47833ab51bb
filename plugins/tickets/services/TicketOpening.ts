import {
  ActionRowBuilder,
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
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { Ticket } from '../entities/Ticket';
import { TicketIds } from '../ids';
import type { TicketSettings } from '../settings';
import type { TicketClosing } from './TicketClosing';
import type { TicketContext, TicketGuildConfig } from './TicketContext';
import type { TicketJobs } from './TicketJobs';
import { openLimitMessage, ticketNumberLabel } from './TicketRepository';
import { CHANNEL_MEMBER_ALLOW, addRoleToThread, channelOf } from './ticketChannels';
import { PRIORITY_NAMES, label, refuse } from './ticketText';

/** Discord's limit of channels in one category. */
const CATEGORY_CAPACITY = 50;

/** The guild's configured staff roles (support, moderator, admin), without duplicates. */
function staffRoleIds(config: TicketGuildConfig) {
  return [...new Set([config.supportRoleId, config.modRoleId, config.adminRoleId])].filter(
    (id): id is string => id !== null,
  );
}

/** Opening tickets: the limits, the private channel (or overflow category or thread) and its first message. */
export class TicketOpening {
  public constructor(
    private readonly context: TicketContext,
    private readonly jobs: TicketJobs,
    private readonly closing: TicketClosing,
  ) {}

  /**
   * Refuses before the modal is shown when the member cannot open a ticket now, so nobody types a description for
   * nothing. Advisory only: the limits are enforced again, race-free, when the modal is submitted.
   */
  public async assertMayOpen(member: GuildMember): Promise<void> {
    await this.requireCreatePermission(member);
    const settings = await this.context.settings(member.guild.id);
    await this.closeOrphans(member.guild, member.id);
    const open = await this.context.repository.activeOf(member.guild.id, member.id);
    if (open.length >= settings.maxOpenPerMember) refuse(openLimitMessage(open, settings.maxOpenPerMember));
  }

  /** Opens a ticket for `member`: limits checked race-free, then its private channel (or overflow thread). */
  public async open(member: GuildMember, title: string, description: string, originChannelId: string | null) {
    const { guild } = member;
    const { repository } = this.context;
    await this.requireCreatePermission(member);
    const settings = await this.context.settings(guild.id);
    await this.closeOrphans(guild, member.id);
    const ticket = await repository.reserve({
      guildId: guild.id,
      userId: member.id,
      title: title.trim().slice(0, 100),
      description: description.trim().slice(0, 4000),
      maxOpen: settings.maxOpenPerMember,
      cooldownSeconds: settings.cooldownSeconds,
    });
    const config = await this.context.deps.guildConfig(guild.id);
    let channel: SendableChannels & GuildBasedChannel;
    try {
      channel = await this.createChannel(guild, ticket, member, settings, config, originChannelId);
    } catch (error) {
      await repository.discard(ticket.id);
      throw error;
    }
    ticket.channelId = channel.id;
    await channel.send({
      content: [userMention(member.id), config.supportRoleId ? `<@&${config.supportRoleId}>` : '']
        .filter(Boolean)
        .join(' '),
      embeds: [ticketEmbed(ticket, member)],
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId(TicketIds.claimButton).setLabel('Claim').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId(TicketIds.closeButton).setLabel('Close').setStyle(ButtonStyle.Danger),
        ),
      ],
      allowedMentions: { users: [member.id], roles: config.supportRoleId ? [config.supportRoleId] : [] },
    });
    await this.jobs.scheduleInactivity(ticket, settings);
    await this.context.log(
      guild.id,
      `${label(ticket)} opened`,
      `${userMention(member.id)} opened ${channelMention(channel.id)}: ${ticket.title}`,
      Colors.Green,
    );
    this.context.deps.emit('ticketOpened', { ...this.context.event(ticket, member.id), title: ticket.title });
    return { ticket, channel };
  }

  private async requireCreatePermission(member: GuildMember): Promise<void> {
    if (!(await this.context.deps.hasPermission(member, Permission.CREATE_TICKET))) {
      refuse('You need the **CREATE_TICKET** permission to open a ticket.');
    }
  }

  private async attach(ticket: Ticket, channelId: string, isThread: boolean): Promise<void> {
    await this.context.repository.attachChannel(ticket.id, channelId, isThread);
    await this.context.channels.add(ticket.guildId, channelId, ticket);
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
    config: TicketGuildConfig,
    originChannelId: string | null,
  ): Promise<SendableChannels & GuildBasedChannel> {
    const name = `ticket-${ticketNumberLabel(ticket.number)}`;
    const overwrites: OverwriteResolvable[] = [
      { id: guild.roles.everyone.id, type: OverwriteType.Role, deny: [PermissionFlagsBits.ViewChannel] },
      { id: member.id, type: OverwriteType.Member, allow: CHANNEL_MEMBER_ALLOW },
      {
        id: this.context.botId(),
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
      await this.attach(ticket, channel.id, false);
      return channel;
    }
    for (const categoryId of categories) {
      if (categoryId === settings.overflowCategoryId && categoryId !== config.supportCategoryId) {
        const overflow = await this.context.deps.notices.channel(guild, {
          plugin: 'tickets',
          setting: 'overflowCategoryId',
          id: categoryId,
          skipped: 'tickets do not overflow into it',
        });
        if (!overflow) continue;
      }
      const children = guild.channels.cache.filter((channel) => channel.parentId === categoryId).size;
      if (!guild.channels.cache.has(categoryId) || children >= CATEGORY_CAPACITY) continue;
      try {
        const channel = await guild.channels.create({
          name,
          type: ChannelType.GuildText,
          parent: categoryId,
          permissionOverwrites: overwrites,
        });
        await this.attach(ticket, channel.id, false);
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
    await this.attach(ticket, thread.id, true);
    await thread.members.add(member.id);
    if (config.supportRoleId) await addRoleToThread(thread, config.supportRoleId);
    return thread;
  }

  /** Closes the member's tickets whose channel was deleted while the bot did not see it, so they block nothing. */
  private async closeOrphans(guild: Guild, userId: string): Promise<void> {
    for (const ticket of await this.context.repository.activeOf(guild.id, userId)) {
      if (ticket.channelId && !(await channelOf(guild, ticket))) {
        await this.closing.channelGone(guild.id, ticket);
      }
    }
  }
}

function ticketEmbed(ticket: Ticket, opener: GuildMember) {
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

function isCategoryFull(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    error.code === RESTJSONErrorCodes.InvalidFormBodyOrContentType &&
    /CHANNEL_PARENT_MAX_CHANNELS/.test(error.message)
  );
}
