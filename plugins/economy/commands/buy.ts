import { Command, type Args } from '@sapphire/framework';
import type { AutocompleteInteraction, Guild, Message } from 'discord.js';
import type { CommandSource } from '../../../src/pieces/respond';
import { answerItemAutocomplete, itemAndQuantity, usageOf } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';
import { roleGrantsFor } from '../lib/roleGrants';
import { parseQuantity } from '../services/amount';
import { formatMoney } from '../services/format';

/** `/buy <item> [quantity]`: from the shop; ROLE items grant their role, limited items may sell out. */
export class BuyCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Buy an item from the shop.',
      detailedDescription: '/buy <item> [quantity]',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addStringOption((option) =>
          option.setName('item').setDescription('Item to buy').setRequired(true).setMaxLength(64).setAutocomplete(true),
        )
        .addIntegerOption((option) =>
          option.setName('quantity').setDescription('How many (default 1)').setMinValue(1).setMaxValue(1000),
        ),
    );
  }

  public override async autocompleteRun(interaction: AutocompleteInteraction) {
    await answerItemAutocomplete(this, interaction, (guildId, typed) =>
      this.container.economy.shop.itemNames(guildId, typed),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    const { options } = interaction;
    await this.buy(
      interaction,
      interaction.guild!,
      interaction.user.id,
      options.getString('item', true),
      options.getInteger('quantity'),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const { name, quantity } = await itemAndQuantity(args, await usageOf(message, 'buy <item> [quantity]'));
    await this.buy(message, message.guild!, message.author.id, name, quantity);
  }

  private async buy(
    source: CommandSource,
    guild: Guild,
    userId: string,
    itemName: string,
    rawQuantity: string | number | null,
  ) {
    await replyInTime(source, async () => {
      const quantity = parseQuantity(rawQuantity);
      const { economy } = this.container;
      const { item, cost, account } = await economy.shop.buy(
        guild.id,
        userId,
        itemName,
        quantity,
        roleGrantsFor(guild, userId, itemName),
      );
      const settings = await economy.settings(guild.id);
      const role = item.roleId ? ` You now have the <@&${item.roleId}> role.` : '';
      return {
        content: `You bought ${quantity} × **${item.name}** for ${formatMoney(cost, settings)}.${role} Wallet: ${formatMoney(account.balance, settings)}.`,
        allowedMentions: { parse: [] },
      };
    });
  }
}
