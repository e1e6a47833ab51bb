import { type Args, Command } from '@sapphire/framework';
import { PermissionFlagsBits, type Message, type User } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { restOrUsage } from '#core/plugin-kit/args';
import { invokerOf, respond, type CommandSource } from '#core/plugin-kit/respond';
import { ModerationAction } from '../entities/ModerationLog';
import { cleanReason, pickTargetUser, requires } from '../lib/commandSupport';

/** `/note <member> <text>`: a note on a member's record that they are not told about. */
export class NoteCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Add a note to a member's moderation record.",
      detailedDescription: '/note <member> <text>',
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
        .addUserOption((o) => o.setName('member').setDescription('Who the note is about').setRequired(true))
        .addStringOption((o) => o.setName('text').setDescription('The note').setRequired(true).setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.note(
      interaction,
      interaction.options.getUser('member', true),
      interaction.options.getString('text', true),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const usage = 'note <member> <text>';
    const user = await pickTargetUser(args, usage);
    await this.note(message, user, await restOrUsage(args, usage));
  }

  private async note(source: CommandSource, user: User, text: string) {
    const { moderation } = this.container;
    const moderator = await invokerOf(source);
    await moderation.assertCanActOn(moderator, user.id, 'add a note about');
    const guild = moderator.guild;
    const row = await moderation.record(
      {
        guildId: guild.id,
        action: ModerationAction.NOTE,
        userId: user.id,
        performedBy: moderator.id,
        reason: cleanReason(text),
      },
      'command',
    );
    await respond(
      source,
      { content: `Noted on **${user.username}**'s record (case #${row.caseNumber}).`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }
}
