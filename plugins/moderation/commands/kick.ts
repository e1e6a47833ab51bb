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

/** `/kick <member> [reason]`: told by DM first, then removed from the server. */
export class KickCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Kick a member from the server.',
      detailedDescription: '/kick <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.BAN_USER),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.KickMembers)
        .setDMPermission(false)
        .addUserOption((o) => o.setName('member').setDescription('Who to kick').setRequired(true))
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.kick(interaction, interaction.options.getUser('member', true), interaction.options.getString('reason'));
  }

  public override async messageRun(message: Message, args: Args) {
    const member = await pickOrUsage(args, 'member', 'kick <member> [reason]');
    await this.kick(message, member.user, await restOrNull(args));
  }

  private async kick(source: CommandSource, user: User, reasonText: string | null) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    const reason = cleanReason(reasonText);
    await requireBotPermission(moderator.guild, PermissionFlagsBits.KickMembers, 'Kick Members', 'kick');
    const member = await moderation.requireMemberTarget(moderator, user.id, 'kick');
    const { guild } = member;
    const delivered = await moderation.notify(guild, user, { action: 'kicked', reason });
    await moderation.expectEvent(guild.id, user.id, 'kick');
    await discordAction('kick them', () => member.kick(reason));
    const row = await moderation.record(
      {
        guildId: guild.id,
        action: ModerationAction.KICK,
        userId: user.id,
        performedBy: moderator.id,
        reason,
        dmFailed: !delivered,
      },
      'command',
    );
    await respond(source, {
      content: `Kicked **${user.username}** (case #${row.caseNumber}).${delivered ? '' : ' They could not be told by DM.'}`,
      allowedMentions: { parse: [] },
    });
  }
}
