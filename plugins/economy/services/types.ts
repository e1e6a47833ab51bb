import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { ItemType } from '../entities/Item';
import type { economySettings } from '../settings';

/** Shapes the economy services share (here, so the services and their SQL helpers do not import each other). */

/** What the economy reads of its plugin: the guild's settings (the plugin's handle, or a stand-in in tests). */
export type EconomySettingsSource = Pick<PluginHandle<typeof economySettings>, 'settings'>;

/** A member's account as the commands see it; money as numbers (see `moneyTransformer`). */
export interface Account {
  id: number;
  userId: string;
  balance: number;
  bank: number;
  streak: number;
  weeklyStreak: number;
  lastDaily: Date | null;
  lastWeekly: Date | null;
  lastWork: Date | null;
}

export interface ShopItem {
  id: number;
  name: string;
  type: ItemType;
  description: string | null;
  price: number;
  isLimited: boolean;
  quantity: number | null;
  roleId: string | null;
  forSale: boolean;
}

export interface OwnedItem extends ShopItem {
  owned: number;
  equipped: boolean;
}
