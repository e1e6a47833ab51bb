import { Command, type Args } from '@sapphire/framework';
import type { AutocompleteInteraction, Message } from 'discord.js';
import { restOrUsage, usageOf } from '#core/plugin-kit/args';
import { autocompleteIfEnabled } from '#core/plugin-kit/autocomplete';
import type { CommandSource, ReplyPayload } from '#core/plugin-kit/respond';
import type { ItemType } from '../entities/Item';
import { replyInTime } from './replyInTime';

/**
 * `/equip` and `/use`: one item the member owns, autocompleted from their inventory among the types the command
 * takes; they differ in what they do with it.
 */
export abstract class OwnedItemCommand extends Command {
  /** The `item` option's description. */
  protected abstract readonly itemDescription: string;
  /** The item types the autocomplete offers. */
  protected abstract readonly itemTypes: ItemType[];

  /** Does the command's work on the item and returns the reply. */
  protected abstract apply(guildId: string, userId: string, itemName: string): Promise<ReplyPayload>;

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addStringOption((option) =>
          option
            .setName('item')
            .setDescription(this.itemDescription)
            .setRequired(true)
            .setMaxLength(64)
            .setAutocomplete(true),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    await autocompleteIfEnabled(this, interaction, (guildId, typed) =>
      this.container.economy.shop.ownedItemNames(guildId, interaction.user.id, typed, this.itemTypes),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.applyAndReply(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('item', true),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const name = await restOrUsage(args, await usageOf(message, `${this.name} <item>`));
    await this.applyAndReply(message, message.guildId!, message.author.id, name);
  }

  private async applyAndReply(source: CommandSource, guildId: string, userId: string, itemName: string) {
    await replyInTime(source, () => this.apply(guildId, userId, itemName));
  }
}
