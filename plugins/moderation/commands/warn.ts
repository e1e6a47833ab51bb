import { type Args, Command } from '@sapphire/framework';
import { PermissionFlagsBits, type Message, type User } from 'discord.js';
import { Permission } from '../../../src/permissions/enums';
import { pickOrUsage } from '../../../src/pieces/args';
import { respond, type CommandSource } from '../../../src/pieces/respond';
import { ModerationAction } from '../entities/ModerationLog';
import { actionLabel } from '../services/caseEmbed';
import { cleanReason, invokerOf, requires, restOrNull } from '../services/commandSupport';

/** `/warn <member> [reason]`: a warning on record; reaching a warn threshold triggers its automatic action. */
export class WarnCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Warn a member (recorded as a case).',
      detailedDescription: '/warn <member> [reason]',
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.WARN_USER),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ModerateMembers)
        .setDMPermission(false)
        .addUserOption((o) => o.setName('member').setDescription('Who to warn').setRequired(true))
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.warn(interaction, interaction.options.getUser('member', true), interaction.options.getString('reason'));
  }

  public override async messageRun(message: Message, args: Args) {
    const member = await pickOrUsage(args, 'member', 'warn <member> [reason]');
    await this.warn(message, member.user, await restOrNull(args));
  }

  private async warn(source: CommandSource, user: User, reasonText: string | null) {
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
    await respond(source, {
      content: `Warned **${user.username}** (case #${row.caseNumber}).${followUp}`,
      allowedMentions: { parse: [] },
    });
  }
}
