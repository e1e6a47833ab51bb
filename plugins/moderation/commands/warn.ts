import type { Command } from '@sapphire/framework';
import { PermissionFlagsBits, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { invokerOf, type CommandSource } from '#core/plugin-kit/respond';
import { TargetReasonCommand } from '../lib/TargetReasonCommand';
import { ModerationAction } from '../entities/ModerationLog';
import { actionLabel } from '../services/caseEmbed';
import { cleanReason, requires } from '../lib/commandSupport';

/** `/warn <member> [reason]`: a warning on record; reaching a warn threshold triggers its automatic action. */
export class WarnCommand extends TargetReasonCommand {
  protected readonly defaultMemberPermissions = PermissionFlagsBits.ModerateMembers;
  protected readonly target = 'member';
  protected readonly targetDescription = 'Who to warn';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Warn a member (recorded as a case).',
      detailedDescription: '/warn <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.WARN_USER),
    });
  }

  protected async act(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const reason = cleanReason(reasonText);
    await moderation.requireMemberTarget(moderator, user.id, 'warn');
    const guild = moderator.guild;
    const row = await moderation.record(
      { guildId: guild.id, action: ModerationAction.WARN, userId: user.id, performedBy: moderator.id, reason },
      'command',
    );
    const automatic = await moderation.applyWarnThresholds(guild, user.id);
    const followUp = automatic
      ? `\nThat reached a warn threshold: ${actionLabel(automatic.action).toLowerCase()} applied (case #${automatic.caseNumber}).`
      : '';
    await this.reply(source, `Warned **${user.username}** (case #${row.caseNumber}).${followUp}`);
  }
}
