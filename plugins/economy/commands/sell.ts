import type { Command } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import economy from '../index';
import { ShopTradeCommand } from '../lib/ShopTradeCommand';
import { formatMoney } from '../services/format';
import { roleGrantsFor } from '../services/roleGrants';

/** `/sell <item> [quantity]`: back to the shop for the configured share of the price. */
export class SellCommand extends ShopTradeCommand {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Sell items back to the shop.',
      detailedDescription: '/sell <item> [quantity]',
      runIn: ['GUILD_ANY'],
    });
  }

  protected itemNames(guildId: string, userId: string, typed: string) {
    return this.container.economy.shop.ownedItemNames(guildId, userId, typed);
  }

  protected async trade(guild: Guild, userId: string, itemName: string, quantity: number) {
    const { item, payout, account } = await this.container.economy.shop.sell(
      guild.id,
      userId,
      itemName,
      quantity,
      roleGrantsFor(guild, userId, itemName),
    );
    const settings = await economy.settings(guild.id);
    return {
      content: `You sold ${quantity} × **${item.name}** for ${formatMoney(payout, settings)}. Wallet: ${formatMoney(account.balance, settings)}.`,
      allowedMentions: { parse: [] },
    };
  }
}
