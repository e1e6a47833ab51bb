import { type Args, Command } from '@sapphire/framework';
import type { Message, User } from 'discord.js';
import { pickOrUsage } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { MAX_REASON_LENGTH, pickTargetUser, restOrNull } from './commandSupport';

/**
 * `/kick`, `/softban`, `/warn`, `/untimeout` and `/unban`: one target and an optional reason (`!kick @member spam`);
 * they differ in what they do to the target.
 */
export abstract class TargetReasonCommand extends Command {
  /** The Discord permission that shows the slash command to a member by default. */
  protected abstract readonly defaultMemberPermissions: bigint;
  /**
   * `member` takes only someone in the server; `user` also takes the id of someone who left (the slash option is
   * named after it too).
   */
  protected abstract readonly target: 'member' | 'user';
  /** The target option's description, e.g. `Who to kick`. */
  protected abstract readonly targetDescription: string;

  /** Does the command's work and answers. */
  protected abstract act(source: CommandSource, user: User, reasonText: string | null): Promise<void>;

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(this.defaultMemberPermissions)
        .setDMPermission(false)
        .addUserOption((o) => o.setName(this.target).setDescription(this.targetDescription).setRequired(true))
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(MAX_REASON_LENGTH)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.act(
      interaction,
      interaction.options.getUser(this.target, true),
      interaction.options.getString('reason'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const user =
      this.target === 'member'
        ? (await pickOrUsage(args, 'member', `${this.name} <member> [reason]`)).user
        : await pickTargetUser(args, `${this.name} <user id> [reason]`);
    await this.act(message, user, await restOrNull(args));
  }

  /** Answers with `content`, mentioning nobody: replies name members in bold instead. */
  protected async reply(source: CommandSource, content: string) {
    await respond(source, { content, allowedMentions: { parse: [] } });
  }
}
