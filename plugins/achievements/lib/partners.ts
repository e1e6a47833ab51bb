import { container } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import type { Partners } from '../services/AchievementsService';

/** The installed plugin that declares `event` (a name the compiler checks against `ClientEvents`). */
const pluginDeclaring = (event: keyof ClientEvents) => container.plugins.declarerOf(event);

/** The optional partners: economy (rewards, BADGE items) and levels (message counts). Neither is a dependency. */
export const partners: Partners = {
  async economyIn(guildId) {
    const plugin = pluginDeclaring('economyItemUsed');
    if (!plugin || !(await plugin.handle.isEnabled(guildId))) return undefined;
    const { economy } = container;
    return {
      credit: (guild, user, amount, note) => economy.credit(guild, user, amount, note),
      inventory: async (guild, user) =>
        (await economy.shop.inventory(guild, user)).map((item) => ({
          id: item.id,
          name: item.name,
          type: String(item.type),
        })),
    };
  },
  async levelsOn(guildId) {
    const plugin = pluginDeclaring('levelsFlushed');
    return plugin ? plugin.handle.isEnabled(guildId) : false;
  },
};
