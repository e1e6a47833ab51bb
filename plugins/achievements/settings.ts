import { z } from 'zod';
import { channelId } from '#core/plugin-kit/settingIds';

export const ANNOUNCE_MODES = ['current', 'channel', 'dm', 'off'] as const;
export type AnnounceMode = (typeof ANNOUNCE_MODES)[number];

/** Per-guild achievements settings (`/plugins config achievements <key> <value>`); definitions live in their table. */
export const achievementsSettings = z.object({
  announce: z
    .enum(ANNOUNCE_MODES)
    .default('current')
    .describe('Unlock message: current (where it happened, else the set channel), channel, dm or off'),
  announceChannelId: channelId()
    .nullable()
    .default(null)
    .describe('Channel for unlock messages (and retroactive summaries)'),
  announceMessage: z
    .string()
    .min(1)
    .max(500)
    .default('🏆 {user} unlocked **{achievement}**!')
    .describe('Unlock message; placeholders {user}, {achievement}'),
});

export type AchievementsSettings = z.infer<typeof achievementsSettings>;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    /** Evaluates one achievement against every member's counters, in batches (new or lowered requirement). */
    achievementsRetro: { guildId: string; achievementId: number; channelId: string | null };
  }
}
