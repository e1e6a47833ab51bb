import type { Command } from '@sapphire/framework';
import type { Guild } from 'discord.js';
import economy from '../index';
import { ShopTradeCommand } from '../lib/ShopTradeCommand';
import { formatMoney } from '../services/format';
import { roleGrantsFor } from '../services/roleGrants';

/** `/buy <item> [quantity]`: from the shop; ROLE items grant their role, limited items may sell out. */
export class BuyCommand extends ShopTradeCommand {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Buy an item from the shop.',
      detailedDescription: '/buy <item> [quantity]',
      runIn: ['GUILD_ANY'],
    });
  }

  protected itemNames(guildId: string, _userId: string, typed: string) {
    return this.container.economy.shop.itemNames(guildId, typed);
  }

  protected async trade(guild: Guild, userId: string, itemName: string, quantity: number) {
    const { item, cost, account } = await this.container.economy.shop.buy(
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
  }
}
