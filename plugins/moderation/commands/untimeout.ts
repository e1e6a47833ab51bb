import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, type Message, type User } from 'discord.js';
import { Permission } from '../../../src/permissions/enums';
import { pickOrUsage } from '../../../src/pieces/args';
import { respond, type CommandSource } from '../../../src/pieces/respond';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, discordAction, invokerOf, requires, restOrNull } from '../services/commandSupport';

/** `/untimeout <member> [reason]`: lifts a timeout early. */
export class UntimeoutCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Lift a member's timeout.",
      detailedDescription: '/untimeout <member> [reason]',
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
        .addUserOption((o) => o.setName('member').setDescription('Whose timeout to lift').setRequired(true))
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.untimeout(
      interaction,
      interaction.options.getUser('member', true),
      interaction.options.getString('reason'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const member = await pickOrUsage(args, 'member', 'untimeout <member> [reason]');
    await this.untimeout(message, member.user, await restOrNull(args));
  }

  private async untimeout(source: CommandSource, user: User, reasonText: string | null) {
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
    await respond(source, {
      content: `Lifted the timeout of **${user.username}** (case #${row.caseNumber}).`,
      allowedMentions: { parse: [] },
    });
  }
}
