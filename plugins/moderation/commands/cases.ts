import { type Args, Command } from '@sapphire/framework';
import {
  EmbedBuilder,
  PermissionFlagsBits,
  TimestampStyles,
  time,
  userMention,
  type Message,
  type User,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { replyWithPages, type PagedCommand, type PageRequest, type RenderedPage } from '#core/plugin-kit/pagination';
import { invokerOf, type CommandSource } from '#core/plugin-kit/respond';
import { actionLabel } from '../services/caseEmbed';
import { pickTargetUser, requires } from '../lib/commandSupport';

const CASES_PER_PAGE = 5;

/** `/cases <member>`: a member's moderation history, newest first, a page at a time. */
export class CasesCommand extends Command implements PagedCommand {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "List a member's moderation cases.",
      detailedDescription: '/cases <member>',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.VIEW_AUDIT_LOGS),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ModerateMembers)
        .setDMPermission(false)
        .addUserOption((o) => o.setName('member').setDescription('Whose cases').setRequired(true)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.list(interaction, interaction.options.getUser('member', true));
  }

  public override async messageRun(message: Message, args: Args) {
    await this.list(message, await pickTargetUser(args, 'cases <member>'));
  }

  private async list(source: CommandSource, user: User) {
    const viewer = await invokerOf(source);
    // The state is just the member's id: short enough for a button's custom id.
    await replyWithPages(
      source,
      this,
      { guildId: viewer.guild.id, viewerId: viewer.id, state: user.id },
      { ephemeral: true },
    );
  }

  public async renderPage({ guildId, state: userId, page }: PageRequest): Promise<RenderedPage> {
    const { cases, total } = await this.container.moderation.cases.ofUser(
      guildId,
      userId,
      page * CASES_PER_PAGE,
      CASES_PER_PAGE,
    );
    const pageCount = Math.max(1, Math.ceil(total / CASES_PER_PAGE));
    const embed = new EmbedBuilder()
      .setTitle(`Cases · ${total}`)
      .setDescription(
        total === 0 ? `${userMention(userId)} has no cases.` : `Cases of ${userMention(userId)}, newest first.`,
      )
      .addFields(
        cases.map((row) => ({
          name: `#${row.caseNumber} · ${actionLabel(row.action)} · ${time(row.createdAt, TimestampStyles.ShortDate)}`,
          value: `${row.reason.slice(0, 200)}${row.performedBy ? ` — by ${userMention(row.performedBy)}` : ''}`,
        })),
      );
    return { embed, pageCount };
  }
}
