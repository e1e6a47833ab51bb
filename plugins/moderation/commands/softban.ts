import type { Command } from '@sapphire/framework';
import { PermissionFlagsBits, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { invokerOf, type CommandSource } from '#core/plugin-kit/respond';
import { TargetReasonCommand } from '../lib/TargetReasonCommand';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, discordAction, requireBotPermission, requires } from '../lib/commandSupport';

const DELETE_SECONDS = 86_400;

/** `/softban <member> [reason]`: ban and immediately unban, which kicks the member and deletes a day of messages. */
export class SoftbanCommand extends TargetReasonCommand {
  protected readonly defaultMemberPermissions = PermissionFlagsBits.BanMembers;
  protected readonly target = 'member';
  protected readonly targetDescription = 'Who to softban';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Kick a member and delete their last day's messages (ban + unban).",
      detailedDescription: '/softban <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.BAN_USER),
    });
  }

  protected async act(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const reason = cleanReason(reasonText);
    await requireBotPermission(moderator.guild, PermissionFlagsBits.BanMembers, 'Ban Members', 'softban');
    const member = await moderation.requireMemberTarget(moderator, user.id, 'softban');
    const { guild } = member;
    // The ban is what the case records; once it is done, the unban only lets them back in.
    const row = await moderation.recordAction(
      { guildId: guild.id, action: ModerationAction.SOFTBAN, userId: user.id, performedBy: moderator.id, reason },
      'command',
      async () => {
        const delivered = await moderation.notify(guild, user, { action: 'kicked', reason });
        await moderation.expectEvent(guild.id, user.id, 'ban');
        await moderation.expectEvent(guild.id, user.id, 'unban');
        await discordAction('ban them', () =>
          guild.bans.create(user.id, { reason, deleteMessageSeconds: DELETE_SECONDS }),
        );
        return { dmFailed: !delivered };
      },
    );
    await discordAction('unban them', () => guild.bans.remove(user.id, `Softban: ${reason}`));
    await this.reply(
      source,
      `Softbanned **${user.username}**: kicked, and their last day of messages deleted (case #${row.caseNumber}).`,
    );
  }
}
