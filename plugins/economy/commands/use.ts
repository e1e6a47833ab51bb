import type { Command } from '@sapphire/framework';
import { ItemType } from '../entities/Item';
import { OwnedItemCommand } from '../lib/OwnedItemCommand';

/** `/use <item>`: uses up one consumable and announces `economyItemUsed` for the plugins that give it an effect. */
export class UseCommand extends OwnedItemCommand {
  protected readonly itemDescription = 'Consumable to use';
  protected readonly itemTypes = [ItemType.CONSUMABLE];

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Use one of your consumable items.',
      detailedDescription: '/use <item>',
      runIn: ['GUILD_ANY'],
    });
  }

  protected async apply(guildId: string, userId: string, itemName: string) {
    const { item, remaining } = await this.container.economy.shop.use(guildId, userId, itemName);
    this.container.client.emit('economyItemUsed', {
      guildId,
      userId,
      itemId: item.id,
      itemName: item.name,
      remaining,
    });
    return {
      content: `You used **${item.name}**. ${remaining} left.`,
      allowedMentions: { parse: [] },
    };
  }
}
