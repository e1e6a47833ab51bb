import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** A member reached a higher level. */
export interface LevelUpEvent {
  guildId: string;
  userId: string;
  oldLevel: number;
  newLevel: number;
  totalXp: number;
  /** `message` for XP earned by chatting, `admin` for /xp add|set. */
  source: 'message' | 'admin';
}

declare module 'discord.js' {
  interface ClientEvents {
    /** A member reached a higher level (by chatting or by an admin's /xp). */
    levelUp: [LevelUpEvent];
  }
}

export const levelsEvents = definePluginEvents({ levelUp: (event) => event.guildId });
