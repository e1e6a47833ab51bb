import { type Args, UserError } from '@sapphire/framework';
import { Subcommand } from '@sapphire/plugin-subcommands';
import { Colors, EmbedBuilder, channelMention, time, userMention, type GuildMember, type Message } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import {
  MAX_PAGE,
  replyWithPages,
  type PageRequest,
  type PagedCommand,
  type RenderedPage,
} from '#core/plugin-kit/pagination';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { ticketNumberLabel } from '../services/TicketRepository';
import { PRIORITY_NAMES } from '../services/ticketText';
import { memberOption, route } from '../lib/commandSupport';

const QUEUE_PAGE_SIZE = 10;
/** The page state of the queue (the command has one paged list). */
const QUEUE_STATE = 'queue';

/** `/support agent add|remove|list` and `/support queue`: who handles tickets, and what waits for them. */
export class SupportCommand extends Subcommand implements PagedCommand {
  public readonly pagedSubcommand = 'queue';

  public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
    super(context, {
      ...options,
      description: 'Support agents and the ticket queue.',
      detailedDescription:
        '/support agent add <member> · /support agent remove <member> · /support agent list · /support queue',
      runIn: ['GUILD_ANY'],
      subcommands: [
        {
          name: 'agent',
          type: 'group',
          entries: [
            route('add', Permission.MANAGE_SUPPORT_AGENTS, 'AgentAdd'),
            route('remove', Permission.MANAGE_SUPPORT_AGENTS, 'AgentRemove'),
            route('list', Permission.VIEW_SUPPORT_QUEUE, 'AgentList'),
          ],
        },
        route('queue', Permission.VIEW_SUPPORT_QUEUE),
      ],
    });
  }

  public override registerApplicationCommands(registry: Subcommand.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addSubcommandGroup((group) =>
          group
            .setName('agent')
            .setDescription('Manage support agents.')
            .addSubcommand((sub) =>
              sub
                .setName('add')
                .setDescription('Make a member a (active) support agent.')
                .addUserOption((o) => o.setName('member').setDescription('Member').setRequired(true)),
            )
            .addSubcommand((sub) =>
              sub
                .setName('remove')
                .setDescription('Mark a support agent inactive (their history stays).')
                .addUserOption((o) => o.setName('member').setDescription('Member').setRequired(true)),
            )
            .addSubcommand((sub) => sub.setName('list').setDescription('List support agents.')),
        )
        .addSubcommand((sub) =>
          sub
            .setName('queue')
            .setDescription('Open tickets nobody handles, most urgent and oldest first.')
            .addIntegerOption((o) =>
              o.setName('page').setDescription('Page (default 1)').setMinValue(1).setMaxValue(MAX_PAGE),
            ),
        ),
    );
  }

  public async chatInputAgentAdd(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setAgent(interaction, memberOption(interaction, 'member', 'SupportUnknownMember'), true);
  }

  public async messageAgentAdd(message: Message, args: Args) {
    await this.setAgent(
      message,
      await pickOrUsage(args, 'member', await usageOf(message, 'support agent add <@member>')),
      true,
    );
  }

  public async chatInputAgentRemove(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.setAgent(interaction, memberOption(interaction, 'member', 'SupportUnknownMember'), false);
  }

  public async messageAgentRemove(message: Message, args: Args) {
    await this.setAgent(
      message,
      await pickOrUsage(args, 'member', await usageOf(message, 'support agent remove <@member>')),
      false,
    );
  }

  private async setAgent(source: CommandSource, member: GuildMember, active: boolean) {
    if (member.user.bot)
      throw new UserError({ identifier: 'SupportBotAgent', message: 'Bots cannot be support agents.' });
    const { repository } = this.container.tickets;
    const existing = await repository.agent(member.guild.id, member.id);
    if (!active && !existing?.isActive) {
      throw new UserError({
        identifier: 'SupportNotAgent',
        message: `${userMention(member.id)} is not an active support agent.`,
      });
    }
    await repository.setAgentActive(member.guild.id, member.id, active);
    await respond(source, {
      content: active
        ? `${userMention(member.id)} is ${existing?.isActive ? 'already' : 'now'} an active support agent.`
        : `${userMention(member.id)} is now an inactive support agent and gets no new tickets.`,
      allowedMentions: { parse: [] },
    });
  }

  public async chatInputAgentList(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.listAgents(interaction);
  }

  public async messageAgentList(message: Message) {
    await this.listAgents(message);
  }

  private async listAgents(source: CommandSource) {
    const agents = await this.container.tickets.repository.listAgents(source.guildId!);
    const lines = agents.map((agent) => `${userMention(agent.userId)}${agent.isActive ? '' : ' (inactive)'}`);
    await respond(source, {
      embeds: [
        new EmbedBuilder()
          .setTitle('Support agents')
          .setColor(Colors.Blurple)
          .setDescription(
            lines.join('\n').slice(0, 4000) || 'No support agents yet. Add one with `/support agent add`.',
          ),
      ],
      allowedMentions: { parse: [] },
    });
  }

  public async chatInputQueue(interaction: Subcommand.ChatInputCommandInteraction) {
    await this.queue(interaction, interaction.options.getInteger('page') ?? 1);
  }

  public async messageQueue(message: Message, args: Args) {
    await this.queue(
      message,
      args.finished ? 1 : await pickOrUsage(args, 'integer', await usageOf(message, 'support queue [page]')),
    );
  }

  private async queue(source: CommandSource, page: number) {
    const viewerId = 'isRepliable' in source ? source.user.id : source.author.id;
    await replyWithPages(
      source,
      this,
      { guildId: source.guildId!, viewerId, state: QUEUE_STATE, page: Math.max(1, page) - 1 },
      { ephemeral: true },
    );
  }

  /** A page of the queue; page buttons call it again, so the viewer's permission is checked here too. */
  public async renderPage({ guildId, viewerId, page }: PageRequest): Promise<RenderedPage> {
    const viewer = await this.container.client.guilds.cache.get(guildId)?.members.fetch(viewerId);
    if (!viewer || !(await this.container.permissions.has(viewer, Permission.VIEW_SUPPORT_QUEUE))) {
      throw new UserError({
        identifier: 'MissingPermission',
        message: 'You need the **VIEW_SUPPORT_QUEUE** permission to see the queue.',
      });
    }
    const { tickets: waiting, total } = await this.container.tickets.repository.queue(
      guildId,
      page * QUEUE_PAGE_SIZE,
      QUEUE_PAGE_SIZE,
    );
    const lines = waiting.map(
      (ticket) =>
        `**#${ticketNumberLabel(ticket.number)}** ${ticket.channelId ? channelMention(ticket.channelId) : ''} · ${PRIORITY_NAMES[ticket.priority]}${ticket.isEscalated ? ' · escalated' : ''} · ${userMention(ticket.userId)} · ${time(ticket.createdAt, 'R')}\n${ticket.title}`,
    );
    return {
      embed: new EmbedBuilder()
        .setTitle(`Support queue: ${total} waiting`)
        .setColor(Colors.Blurple)
        .setDescription(lines.join('\n').slice(0, 4000) || 'Nothing waiting. 🎉'),
      pageCount: Math.ceil(total / QUEUE_PAGE_SIZE),
    };
  }
}
