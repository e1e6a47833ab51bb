import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, TimestampStyles, time, type Message, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage } from '#core/plugin-kit/args';
import { invokerOf, respond, type CommandSource } from '#core/plugin-kit/respond';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, discordAction, requireBotPermission, requires, restOrNull } from '../lib/commandSupport';
import { MAX_TIMEOUT_MS, parseDuration } from '#core/plugin-kit/durations';
import { canBeTimedOut } from '../services/ModerationService';

const USAGE = 'timeout <member> <duration> [reason]';

/** `/timeout <member> <duration> [reason]`: Discord's timeout, up to its 28-day maximum, as a case that expires. */
export class TimeoutCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Time a member out (they cannot talk) for up to 28 days.',
      detailedDescription: `/${USAGE} · durations like 10m, 2h, 7d, 1w2d`,
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.TIMEOUT_USER),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ModerateMembers)
        .setDMPermission(false)
        .addUserOption((o) => o.setName('member').setDescription('Who to time out').setRequired(true))
        .addStringOption((o) =>
          o
            .setName('duration')
            .setDescription('e.g. 10m, 2h, 7d, 1w2d (at most 28d)')
            .setRequired(true)
            .setMaxLength(40),
        )
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.timeout(
      interaction,
      options.getUser('member', true),
      options.getString('duration', true),
      options.getString('reason'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const member = await pickOrUsage(args, 'member', USAGE);
    const duration = await pickOrUsage(args, 'string', USAGE);
    await this.timeout(message, member.user, duration, await restOrNull(args));
  }

  private async timeout(source: CommandSource, user: User, durationText: string, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const ms = parseDuration(durationText, { maxMs: MAX_TIMEOUT_MS, what: 'timeout' });
    const reason = cleanReason(reasonText);
    await requireBotPermission(
      moderator.guild,
      PermissionFlagsBits.ModerateMembers,
      'Timeout Members',
      'time members out',
    );
    const member = await moderation.requireMemberTarget(moderator, user.id, 'time out');
    if (!canBeTimedOut(member)) {
      throw new UserError({
        identifier: 'TargetIsAdministrator',
        message: `Discord does not allow timing out **${user.username}**: they are an administrator.`,
      });
    }
    const row = await moderation.recordAction(
      {
        guildId: member.guild.id,
        action: ModerationAction.TIMEOUT,
        userId: user.id,
        performedBy: moderator.id,
        reason,
        expiresAt: new Date(Date.now() + ms),
      },
      'command',
      async () => {
        await moderation.expectEvent(member.guild.id, user.id, 'timeout');
        await discordAction('time them out', () => member.timeout(ms, reason));
      },
    );
    await respond(source, {
      content: `Timed out **${user.username}** until ${time(row.expiresAt!, TimestampStyles.LongDateTime)} (case #${row.caseNumber}).`,
      allowedMentions: { parse: [] },
    });
  }
}
