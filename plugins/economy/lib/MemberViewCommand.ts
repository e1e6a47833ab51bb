import { Command, type Args } from '@sapphire/framework';
import type { Message, User } from 'discord.js';
import type { CommandSource } from '#core/plugin-kit/respond';
import { optionalUser } from './commandSupport';
import { usageOf } from '#core/plugin-kit/args';

/**
 * `/balance`, `/inventory` and `/transactions`: show something of an optional member, the caller by default
 * (`!balance [@member]`); they differ in what they show.
 */
export abstract class MemberViewCommand extends Command {
  /** The `member` option's description, e.g. `Whose balance (default: yours)`. */
  protected abstract readonly memberDescription: string;

  /** Answers with what the command shows of `target`, as seen by `viewerId`. */
  protected abstract show(source: CommandSource, guildId: string, target: User, viewerId: string): Promise<void>;

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addUserOption((option) => option.setName('member').setDescription(this.memberDescription)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.show(
      interaction,
      interaction.guildId!,
      interaction.options.getUser('member') ?? interaction.user,
      interaction.user.id,
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const target = await optionalUser(message, args, await usageOf(message, `${this.name} [@member]`));
    await this.show(message, message.guildId!, target, message.author.id);
  }
}
