import { Command, type Args } from '@sapphire/framework';
import type { AutocompleteInteraction, Guild, Message } from 'discord.js';
import { usageOf } from '#core/plugin-kit/args';
import { autocompleteIfEnabled } from '#core/plugin-kit/autocomplete';
import type { CommandSource, ReplyPayload } from '#core/plugin-kit/respond';
import { parseQuantity } from '../services/amount';
import { itemAndQuantity } from './commandSupport';
import { replyInTime } from './replyInTime';

/**
 * `/buy` and `/sell`: an autocompleted item and an optional quantity (`!buy Golden Apple 3`); they differ in which
 * items they offer and in what the trade does.
 */
export abstract class ShopTradeCommand extends Command {
  /** The item names the autocomplete offers for the text typed so far. */
  protected abstract itemNames(guildId: string, userId: string, typed: string): Promise<string[]>;

  /** Makes the trade and returns the reply. */
  protected abstract trade(guild: Guild, userId: string, itemName: string, quantity: number): Promise<ReplyPayload>;

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addStringOption((option) =>
          option
            .setName('item')
            .setDescription(`Item to ${this.name}`)
            .setRequired(true)
            .setMaxLength(64)
            .setAutocomplete(true),
        )
        .addIntegerOption((option) =>
          option.setName('quantity').setDescription('How many (default 1)').setMinValue(1).setMaxValue(1000),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    await autocompleteIfEnabled(this, interaction, (guildId, typed) =>
      this.itemNames(guildId, interaction.user.id, typed),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.tradeAndReply(
      interaction,
      interaction.guild!,
      interaction.user.id,
      options.getString('item', true),
      options.getInteger('quantity'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const { name, quantity } = await itemAndQuantity(args, await usageOf(message, `${this.name} <item> [quantity]`));
    await this.tradeAndReply(message, message.guild!, message.author.id, name, quantity);
  }

  private async tradeAndReply(
    source: CommandSource,
    guild: Guild,
    userId: string,
    itemName: string,
    rawQuantity: string | number | null,
  ) {
    await replyInTime(source, async () => this.trade(guild, userId, itemName, parseQuantity(rawQuantity)));
  }
}
