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

/**
 * One guild's part of a flush: the members whose counters were just written, with their message counts as stored.
 * Lets other plugins follow message counts in batches, with no work per message.
 */
export interface LevelsFlushedEvent {
  guildId: string;
  members: { userId: string; messageCount: number; channelId: string | null }[];
}

declare module 'discord.js' {
  interface ClientEvents {
    /** A member reached a higher level (by chatting or by an admin's /xp). */
    levelUp: [LevelUpEvent];
    /** Pending counters reached PostgreSQL: once per guild per flush. */
    levelsFlushed: [LevelsFlushedEvent];
  }
}

export const levelsEvents = definePluginEvents({
  levelUp: (event) => event.guildId,
  levelsFlushed: (event) => event.guildId,
});
