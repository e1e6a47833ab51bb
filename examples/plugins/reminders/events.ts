import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** A reminder was posted to its member. */
export interface ReminderDeliveredEvent {
  guildId: string;
  userId: string;
  reminderId: number;
}

declare module 'discord.js' {
  interface ClientEvents {
    reminderDelivered: [ReminderDeliveredEvent];
  }
}

export const remindersEvents = definePluginEvents({ reminderDelivered: (event) => event.guildId });
