import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, type Message, type User } from 'discord.js';
import { Permission } from '../../../src/permissions/enums';
import { respond, type CommandSource } from '../../../src/pieces/respond';
import { ModerationAction } from '../entities/ModerationLog';
import {
  cleanReason,
  discordAction,
  invokerOf,
  isBanned,
  pickTargetUser,
  requires,
  restOrNull,
} from '../services/commandSupport';

/** `/unban <user> [reason]`: lifts a ban (and any tempban expiry still owed for it). */
export class UnbanCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Lift a ban.',
      detailedDescription: '/unban <user id> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.UNBAN_USER),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.BanMembers)
        .setDMPermission(false)
        .addUserOption((o) => o.setName('user').setDescription('Who to unban (their id)').setRequired(true))
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.unban(interaction, interaction.options.getUser('user', true), interaction.options.getString('reason'));
  }

  public override async messageRun(message: Message, args: Args) {
    const user = await pickTargetUser(args, 'unban <user id> [reason]');
    await this.unban(message, user, await restOrNull(args));
  }

  private async unban(source: CommandSource, user: User, reasonText: string | null) {
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
    await respond(source, {
      content: `Unbanned **${user.username}** (case #${row.caseNumber}).`,
      allowedMentions: { parse: [] },
    });
  }
}
