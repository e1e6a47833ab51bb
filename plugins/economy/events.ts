import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** Announced when a member uses a CONSUMABLE item; other plugins listen for it to give the item its effect. */
export interface EconomyItemUsedEvent {
  guildId: string;
  userId: string;
  itemId: number;
  itemName: string;
  /** How many the member has left. */
  remaining: number;
}

declare module 'discord.js' {
  interface ClientEvents {
    economyItemUsed: [EconomyItemUsedEvent];
  }
}

export const economyEvents = definePluginEvents({ economyItemUsed: (event) => event.guildId });
