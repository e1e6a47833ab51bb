import { type Args, UserError } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { DurationFormatter } from '@sapphire/duration';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Colors,
  EmbedBuilder,
  channelMention,
  userMention,
  type GuildMember,
  type Message,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage, restOrUsage, usageOf } from '#core/plugin-kit/args';
import { deferIfInteraction, invokerOf, respond, type CommandSource } from '#core/plugin-kit/respond';
import { TicketPriority } from '../entities/Ticket';
import { TicketIds } from '../ids';
import { memberOption, route } from '../lib/commandSupport';
import { closeConfirmation, openTicketModal } from '../lib/components';
import { ticketNumberLabel } from '../services/TicketRepository';
import { PRIORITY_NAMES } from '../services/ticketText';

const PRIORITY_BY_NAME = new Map(
  Object.entries(PRIORITY_NAMES).map(([value, name]) => [name, Number(value) as TicketPriority]),
);
const durations = new DurationFormatter();

function formatSeconds(seconds: number | null): string {
  return seconds === null ? '—' : durations.format(Math.max(1000, seconds * 1000), 2);
}

/** `/ticket …`: everything done in and about a ticket. Most subcommands act on the ticket of the current channel. */
export class TicketCommand extends Subcommand {
  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Open and handle support tickets.',
      detailedDescription:
        '/ticket open · panel [channel] · claim · unclaim · assign <agent> · priority <low|normal|high|urgent> · escalate [reason] · resolve · add|remove <member> · note <text> · close [reason] · reopen · stats',
      runIn: ['GUILD_ANY'],
      subcommands: [
        route('open', Permission.CREATE_TICKET),
        route('panel', Permission.MANAGE_TICKETS),
        route('claim', Permission.PROVIDE_SUPPORT),
        route('unclaim', Permission.PROVIDE_SUPPORT),
        route('assign', Permission.ASSIGN_TICKET),
        route('priority', Permission.PROVIDE_SUPPORT),
        route('escalate', Permission.ESCALATE_TICKET),
        route('resolve', Permission.PROVIDE_SUPPORT),
        route('add', Permission.PROVIDE_SUPPORT),
        route('remove', Permission.PROVIDE_SUPPORT),
        route('note', Permission.PROVIDE_SUPPORT),
        route('close'),
        route('reopen'),
        route('stats', Permission.VIEW_ALL_TICKETS),
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommand((sub) =>
          sub.setName('open').setDescription('Open a ticket: you will be asked for a title and description.'),
        )
        .addSubcommand((sub) =>
          sub
            .setName('panel')
            .setDescription('Post a panel with an "Open a ticket" button.')
            .addChannelOption((o) =>
              o.setName('channel').setDescription('Where (default: here)').addChannelTypes(ChannelType.GuildText),
            ),
        )
        .addSubcommand((sub) => sub.setName('claim').setDescription('Take this ticket.'))
        .addSubcommand((sub) => sub.setName('unclaim').setDescription('Release this ticket back to the queue.'))
        .addSubcommand((sub) =>
          sub
            .setName('assign')
            .setDescription('Give this ticket to a support agent.')
            .addUserOption((o) => o.setName('agent').setDescription('Support agent').setRequired(true)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('priority')
            .setDescription("Set this ticket's priority.")
            .addStringOption((o) =>
              o
                .setName('level')
                .setDescription('Priority')
                .setRequired(true)
                .addChoices(...[...PRIORITY_BY_NAME.keys()].map((name) => ({ name, value: name }))),
            ),
        )
        .addSubcommand((sub) =>
          sub
            .setName('escalate')
            .setDescription('Escalate this ticket (pings the escalation role).')
            .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
        )
        .addSubcommand((sub) => sub.setName('resolve').setDescription('Mark this ticket resolved.'))
        .addSubcommand((sub) =>
          sub
            .setName('add')
            .setDescription('Let a member see this ticket.')
            .addUserOption((o) => o.setName('member').setDescription('Member').setRequired(true)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('remove')
            .setDescription('Take a member out of this ticket.')
            .addUserOption((o) => o.setName('member').setDescription('Member').setRequired(true)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('note')
            .setDescription('Add an internal note only staff can see.')
            .addStringOption((o) => o.setName('text').setDescription('The note').setRequired(true).setMaxLength(1500)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('close')
            .setDescription('Close this ticket.')
            .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
        )
        .addSubcommand((sub) => sub.setName('reopen').setDescription('Reopen this resolved or closed ticket.'))
        .addSubcommand((sub) => sub.setName('stats').setDescription('Ticket counts, response times and ratings.')),
    );
  }

  // Opening -------------------------------------------------------------------------------------------------------

  public async chatInputOpen(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.container.tickets.opening.assertMayOpen(await invokerOf(interaction));
    await interaction.showModal(openTicketModal());
  }

  public async messageOpen(message: Message, args: Args) {
    const usage = await usageOf(message, 'ticket open <title> | <description>');
    const [title, ...rest] = (await restOrUsage(args, usage)).split('|');
    if (!title?.trim()) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    const { channel } = await this.container.tickets.opening.open(
      await invokerOf(message),
      title,
      rest.join('|').trim(),
      message.channelId,
    );
    await respond(message, `Your ticket is open: ${channelMention(channel.id)}`);
  }

  public async chatInputPanel(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.panel(interaction, interaction.options.getChannel('channel')?.id ?? interaction.channelId);
  }

  public async messagePanel(message: Message, args: Args) {
    const channel = args.finished
      ? message.channel
      : await pickOrUsage(args, 'guildTextChannel', await usageOf(message, 'ticket panel [#channel]'));
    await this.panel(message, channel.id);
  }

  private async panel(source: CommandSource, channelId: string) {
    const channel = source.guild!.channels.cache.get(channelId);
    if (!channel?.isSendable()) {
      throw new UserError({ identifier: 'TicketPanelChannel', message: 'I cannot post in that channel.' });
    }
    await channel.send({
      embeds: [
        new EmbedBuilder()
          .setTitle('Need help?')
          .setDescription('Press the button to open a private ticket with our support team.')
          .setColor(Colors.Blurple),
      ],
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(TicketIds.openButton)
            .setLabel('Open a ticket')
            .setStyle(ButtonStyle.Primary)
            .setEmoji('🎫'),
        ),
      ],
    });
    await respond(source, `Ticket panel posted in ${channelMention(channel.id)}.`, { ephemeral: true });
  }

  // Handling ------------------------------------------------------------------------------------------------------

  public async chatInputClaim(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.claim(interaction);
  }

  public async messageClaim(message: Message) {
    await this.claim(message);
  }

  private async claim(source: CommandSource) {
    const { member, ticket } = await this.here(source);
    const claimed = await this.container.tickets.staff.claim(member.guild, ticket, member);
    await respond(source, {
      content: `${userMention(member.id)} claimed ticket #${ticketNumberLabel(claimed.number)}.`,
      allowedMentions: { parse: [] },
    });
  }

  public async chatInputUnclaim(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.unclaim(interaction);
  }

  public async messageUnclaim(message: Message) {
    await this.unclaim(message);
  }

  private async unclaim(source: CommandSource) {
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.unclaim(member.guild, ticket, member);
    await respond(source, `Ticket #${ticketNumberLabel(ticket.number)} is back in the queue.`);
  }

  public async chatInputAssign(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.assign(interaction, memberOption(interaction, 'agent', 'TicketUnknownMember'));
  }

  public async messageAssign(message: Message, args: Args) {
    await this.assign(message, await pickOrUsage(args, 'member', await usageOf(message, 'ticket assign <@agent>')));
  }

  private async assign(source: CommandSource, agent: GuildMember) {
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.assign(member.guild, ticket, member, agent);
    await respond(source, {
      content: `Ticket #${ticketNumberLabel(ticket.number)} is now handled by ${userMention(agent.id)}.`,
      allowedMentions: { users: [agent.id] },
    });
  }

  public async chatInputPriority(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.priority(interaction, interaction.options.getString('level', true));
  }

  public async messagePriority(message: Message, args: Args) {
    await this.priority(
      message,
      await pickOrUsage(args, 'string', await usageOf(message, 'ticket priority <low|normal|high|urgent>')),
    );
  }

  private async priority(source: CommandSource, levelName: string) {
    const level = PRIORITY_BY_NAME.get(levelName.toLowerCase());
    if (level === undefined) {
      throw new UserError({
        identifier: 'TicketPriority',
        message: `Priority must be one of ${[...PRIORITY_BY_NAME.keys()].join(', ')}.`,
      });
    }
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.setPriority(member.guild, ticket, member, level);
    await respond(
      source,
      `Priority of ticket #${ticketNumberLabel(ticket.number)} set to **${PRIORITY_NAMES[level]}**.`,
    );
  }

  public async chatInputEscalate(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.escalate(interaction, interaction.options.getString('reason'));
  }

  public async messageEscalate(message: Message, args: Args) {
    await this.escalate(message, args.finished ? null : await args.rest('string'));
  }

  private async escalate(source: CommandSource, reason: string | null) {
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.escalate(member.guild, ticket, member, reason?.slice(0, 500) ?? null);
    await respond(source, `Ticket #${ticketNumberLabel(ticket.number)} escalated.`, { ephemeral: true });
  }

  public async chatInputResolve(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.resolve(interaction);
  }

  public async messageResolve(message: Message) {
    await this.resolve(message);
  }

  private async resolve(source: CommandSource) {
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.resolve(member.guild, ticket, member);
    await respond(
      source,
      `Ticket #${ticketNumberLabel(ticket.number)} is marked resolved. Close it when the opener agrees, or reopen it.`,
    );
  }

  public async chatInputAdd(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.access(interaction, memberOption(interaction, 'member', 'TicketUnknownMember'), true);
  }

  public async messageAdd(message: Message, args: Args) {
    await this.access(message, await pickOrUsage(args, 'member', await usageOf(message, 'ticket add <@member>')), true);
  }

  public async chatInputRemove(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.access(interaction, memberOption(interaction, 'member', 'TicketUnknownMember'), false);
  }

  public async messageRemove(message: Message, args: Args) {
    await this.access(
      message,
      await pickOrUsage(args, 'member', await usageOf(message, 'ticket remove <@member>')),
      false,
    );
  }

  private async access(source: CommandSource, target: GuildMember, allow: boolean) {
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.setAccess(member.guild, ticket, member, target, allow);
    await respond(source, {
      content: allow
        ? `${userMention(target.id)} can now see this ticket.`
        : `${userMention(target.id)} was removed from this ticket.`,
      allowedMentions: { parse: [] },
    });
  }

  public async chatInputNote(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.note(interaction, interaction.options.getString('text', true));
  }

  public async messageNote(message: Message, args: Args) {
    const text = await restOrUsage(args, await usageOf(message, 'ticket note <text>'));
    // A prefix note would stay visible in the ticket: store it, then delete the command message.
    await this.note(message, text);
    await message.delete().catch(() => undefined);
  }

  private async note(source: CommandSource, text: string) {
    const { member, ticket } = await this.here(source);
    await this.container.tickets.staff.note(member.guild, ticket, member, text.slice(0, 1500));
    if ('isRepliable' in source) await respond(source, 'Internal note saved (staff only).', { ephemeral: true });
    else await member.send('Internal note saved (staff only).').catch(() => undefined);
  }

  // Closing -------------------------------------------------------------------------------------------------------

  public async chatInputClose(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.close(interaction, interaction.options.getString('reason'));
  }

  public async messageClose(message: Message, args: Args) {
    await this.close(message, args.finished ? null : await args.rest('string'));
  }

  private async close(source: CommandSource, reason: string | null) {
    const { member, ticket } = await this.here(source);
    const service = this.container.tickets;
    const staff = await this.container.permissions.has(member, Permission.CLOSE_TICKET);
    if (!staff && member.id !== ticket.userId) {
      throw new UserError({
        identifier: 'TicketNotYours',
        message: 'Only the opener or staff with **CLOSE_TICKET** can close this ticket.',
      });
    }
    if (!staff) {
      await respond(source, closeConfirmation(), { ephemeral: true });
      return;
    }
    await deferIfInteraction(source);
    await service.closing.close(member.guild.id, ticket, member.id, reason?.slice(0, 500) ?? null);
    await respond(source, {
      content: `Ticket #${ticketNumberLabel(ticket.number)} closed.`,
      allowedMentions: { parse: [] },
    });
  }

  public async chatInputReopen(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.reopen(interaction);
  }

  public async messageReopen(message: Message) {
    await this.reopen(message);
  }

  private async reopen(source: CommandSource) {
    const { member, ticket } = await this.here(source);
    const staff = await this.container.permissions.has(member, Permission.CLOSE_TICKET);
    if (!staff && member.id !== ticket.userId) {
      throw new UserError({
        identifier: 'TicketNotYours',
        message: 'Only the opener or staff with **CLOSE_TICKET** can reopen this ticket.',
      });
    }
    await this.container.tickets.staff.reopen(member.guild, ticket, member);
    await respond(source, `Ticket #${ticketNumberLabel(ticket.number)} is open again.`);
  }

  // Stats ---------------------------------------------------------------------------------------------------------

  public async chatInputStats(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.stats(interaction);
  }

  public async messageStats(message: Message) {
    await this.stats(message);
  }

  private async stats(source: CommandSource) {
    const stats = await this.container.tickets.repository.stats(source.guildId!);
    const rating = (value: number | null, count?: number) =>
      value === null ? '—' : `${value.toFixed(2)} / 5${count === undefined ? '' : ` (${count})`}`;
    const embed = new EmbedBuilder()
      .setTitle('Ticket statistics')
      .setColor(Colors.Blurple)
      .addFields(
        { name: 'Tickets', value: `${stats.total} total · ${stats.open} open · ${stats.closed} closed` },
        { name: 'Median first response', value: formatSeconds(stats.medianFirstResponseSeconds), inline: true },
        { name: 'Median resolution', value: formatSeconds(stats.medianResolutionSeconds), inline: true },
        { name: 'Average rating', value: rating(stats.averageRating, stats.ratings), inline: true },
      );
    if (stats.agents.length > 0) {
      embed.addFields({
        name: 'Per agent',
        value: stats.agents
          .map(
            (agent) =>
              `${userMention(agent.userId)}: ${agent.handled} handled, ${agent.closed} closed, first response ${formatSeconds(agent.medianFirstResponseSeconds)}, rating ${rating(agent.averageRating)}`,
          )
          .join('\n')
          .slice(0, 1024),
      });
    }
    await respond(source, { embeds: [embed], allowedMentions: { parse: [] } }, { ephemeral: true });
  }

  // Helpers -------------------------------------------------------------------------------------------------------

  private async here(source: CommandSource) {
    const member = await invokerOf(source);
    const ticket = await this.container.tickets.ticketIn(member.guild.id, source.channelId);
    return { member, ticket };
  }
}
