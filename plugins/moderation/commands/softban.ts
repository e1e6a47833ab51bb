import { type Args, Command } from '@sapphire/framework';
import { PermissionFlagsBits, type Message, type User } from 'discord.js';
import { Permission } from '../../../src/permissions/enums';
import { pickOrUsage } from '../../../src/pieces/args';
import { respond, type CommandSource } from '../../../src/pieces/respond';
import { ModerationAction } from '../entities/ModerationLog';
import {
  cleanReason,
  discordAction,
  invokerOf,
  requireBotPermission,
  requires,
  restOrNull,
} from '../services/commandSupport';

const DELETE_SECONDS = 86_400;

/** `/softban <member> [reason]`: ban and immediately unban, which kicks the member and deletes a day of messages. */
export class SoftbanCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Kick a member and delete their last day's messages (ban + unban).",
      detailedDescription: '/softban <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.BAN_USER),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.BanMembers)
        .setDMPermission(false)
        .addUserOption((o) => o.setName('member').setDescription('Who to softban').setRequired(true))
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.softban(
      interaction,
      interaction.options.getUser('member', true),
      interaction.options.getString('reason'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const member = await pickOrUsage(args, 'member', 'softban <member> [reason]');
    await this.softban(message, member.user, await restOrNull(args));
  }

  private async softban(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const reason = cleanReason(reasonText);
    await requireBotPermission(moderator.guild, PermissionFlagsBits.BanMembers, 'Ban Members', 'softban');
    const member = await moderation.requireMemberTarget(moderator, user.id, 'softban');
    const { guild } = member;
    const delivered = await moderation.notify(guild, user, { action: 'kicked', reason });
    await moderation.expectEvent(guild.id, user.id, 'ban');
    await moderation.expectEvent(guild.id, user.id, 'unban');
    await discordAction('ban them', () => guild.bans.create(user.id, { reason, deleteMessageSeconds: DELETE_SECONDS }));
    await discordAction('unban them', () => guild.bans.remove(user.id, `Softban: ${reason}`));
    const row = await moderation.record(
      {
        guildId: guild.id,
        action: ModerationAction.SOFTBAN,
        userId: user.id,
        performedBy: moderator.id,
        reason,
        dmFailed: !delivered,
      },
      'command',
    );
    await respond(source, {
      content: `Softbanned **${user.username}**: kicked, and their last day of messages deleted (case #${row.caseNumber}).`,
      allowedMentions: { parse: [] },
    });
  }
}
