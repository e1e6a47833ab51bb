import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** A badge a member now holds (from an achievement, or a BADGE item they own). */
export interface BadgeAwardedEvent {
  guildId: string;
  userId: string;
  badgeId: number;
  name: string;
  icon: string;
  source: 'ACHIEVEMENT' | 'ITEM';
}

/** A member unlocked an achievement (once per member and achievement). */
export interface AchievementUnlockedEvent {
  guildId: string;
  userId: string;
  achievementId: number;
  name: string;
  type: string;
  reward: number;
  /** `event` from counting, `grant` by an admin's hand, `retroactive` from re-evaluating existing counters. */
  via: 'event' | 'grant' | 'retroactive';
}

declare module 'discord.js' {
  interface ClientEvents {
    badgeAwarded: [BadgeAwardedEvent];
    achievementUnlocked: [AchievementUnlockedEvent];
  }
}

export const achievementsEvents = definePluginEvents({
  badgeAwarded: (event) => event.guildId,
  achievementUnlocked: (event) => event.guildId,
});
