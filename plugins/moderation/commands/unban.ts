import { type Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { invokerOf, type CommandSource } from '#core/plugin-kit/respond';
import { TargetReasonCommand } from '../lib/TargetReasonCommand';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, discordAction, isBanned, requires } from '../lib/commandSupport';

/** `/unban <user> [reason]`: lifts a ban (and any tempban expiry still owed for it). */
export class UnbanCommand extends TargetReasonCommand {
  protected readonly defaultMemberPermissions = PermissionFlagsBits.BanMembers;
  protected readonly target = 'user';
  protected readonly targetDescription = 'Who to unban (their id)';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Lift a ban.',
      detailedDescription: '/unban <user id> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.UNBAN_USER),
    });
  }

  protected async act(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const { guild } = moderator;
    const reason = cleanReason(reasonText);
    if (!(await isBanned(guild, user.id))) {
      throw new UserError({ identifier: 'NotBanned', message: `**${user.username}** is not banned.` });
    }
    await moderation.expectEvent(guild.id, user.id, 'unban');
    await discordAction('unban them', () => guild.bans.remove(user.id, reason));
    await moderation.cases.settleExpiries(guild.id, user.id, [ModerationAction.TEMPBAN]);
    await moderation.cases.syncUserBan(user, null);
    const row = await moderation.record(
      { guildId: guild.id, action: ModerationAction.UNBAN, userId: user.id, performedBy: moderator.id, reason },
      'command',
    );
    await this.reply(source, `Unbanned **${user.username}** (case #${row.caseNumber}).`);
  }
}
