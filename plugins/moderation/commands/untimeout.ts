import { type Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { invokerOf, type CommandSource } from '#core/plugin-kit/respond';
import { TargetReasonCommand } from '../lib/TargetReasonCommand';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, discordAction, requires } from '../lib/commandSupport';

/** `/untimeout <member> [reason]`: lifts a timeout early. */
export class UntimeoutCommand extends TargetReasonCommand {
  protected readonly defaultMemberPermissions = PermissionFlagsBits.ModerateMembers;
  protected readonly target = 'member';
  protected readonly targetDescription = 'Whose timeout to lift';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Lift a member's timeout.",
      detailedDescription: '/untimeout <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.TIMEOUT_USER),
    });
  }

  protected async act(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const reason = cleanReason(reasonText);
    const member = await moderation.requireMemberTarget(moderator, user.id, 'lift the timeout of');
    if (!member.isCommunicationDisabled()) {
      throw new UserError({ identifier: 'NotTimedOut', message: `**${user.username}** is not timed out.` });
    }
    await moderation.expectEvent(member.guild.id, user.id, 'timeout');
    await discordAction('lift their timeout', () => member.timeout(null, reason));
    await moderation.cases.settleExpiries(member.guild.id, user.id, [ModerationAction.TIMEOUT]);
    const row = await moderation.record(
      {
        guildId: member.guild.id,
        action: ModerationAction.UNTIMEOUT,
        userId: user.id,
        performedBy: moderator.id,
        reason,
      },
      'command',
    );
    await this.reply(source, `Lifted the timeout of **${user.username}** (case #${row.caseNumber}).`);
  }
}
