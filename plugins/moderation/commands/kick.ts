import type { Command } from '@sapphire/framework';
import { PermissionFlagsBits, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { invokerOf, type CommandSource } from '#core/plugin-kit/respond';
import { TargetReasonCommand } from '../lib/TargetReasonCommand';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, discordAction, requireBotPermission, requires } from '../lib/commandSupport';

/** `/kick <member> [reason]`: told by DM first, then removed from the server. */
export class KickCommand extends TargetReasonCommand {
  protected readonly defaultMemberPermissions = PermissionFlagsBits.KickMembers;
  protected readonly target = 'member';
  protected readonly targetDescription = 'Who to kick';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Kick a member from the server.',
      detailedDescription: '/kick <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.BAN_USER),
    });
  }

  protected async act(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const reason = cleanReason(reasonText);
    await requireBotPermission(moderator.guild, PermissionFlagsBits.KickMembers, 'Kick Members', 'kick');
    const member = await moderation.requireMemberTarget(moderator, user.id, 'kick');
    const { guild } = member;
    const row = await moderation.recordAction(
      { guildId: guild.id, action: ModerationAction.KICK, userId: user.id, performedBy: moderator.id, reason },
      'command',
      async () => {
        const delivered = await moderation.notify(guild, user, { action: 'kicked', reason });
        await moderation.expectEvent(guild.id, user.id, 'kick');
        await discordAction('kick them', () => member.kick(reason));
        return { dmFailed: !delivered };
      },
    );
    await this.reply(
      source,
      `Kicked **${user.username}** (case #${row.caseNumber}).${row.dmFailed ? ' They could not be told by DM.' : ''}`,
    );
  }
}
