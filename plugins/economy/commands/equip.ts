import type { Command } from '@sapphire/framework';
import { ItemType } from '../entities/Item';
import { OwnedItemCommand } from '../lib/OwnedItemCommand';

/** `/equip <item>`: wears a badge or background (one of each at a time). */
export class EquipCommand extends OwnedItemCommand {
  protected readonly itemDescription = 'Badge or background';
  protected readonly itemTypes = [ItemType.BADGE, ItemType.BACKGROUND];

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Equip a badge or background you own.',
      detailedDescription: '/equip <item>',
      runIn: ['GUILD_ANY'],
    });
  }

  protected async apply(guildId: string, userId: string, itemName: string) {
    const item = await this.container.economy.shop.equip(guildId, userId, itemName);
    return {
      content: `You equipped **${item.name}** as your ${item.type.toLowerCase()}.`,
      allowedMentions: { parse: [] },
    };
  }
}
