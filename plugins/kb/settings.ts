import { z } from 'zod';
import { channelId } from '#core/plugin-kit/settingIds';

/** Per-guild KB settings; `/plugins config kb <key> <value>` changes them, `/kb trigger` sets the short trigger. */
export const kbSettings = z.object({
  trigger: z
    .string()
    .regex(/^\S{1,5}$/, 'must be 1 to 5 characters without spaces')
    .nullable()
    .default(null)
    .describe('Short trigger that shows an entry (`?printer`); set it with /kb trigger'),
  helpChannelIds: z
    .array(channelId())
    .max(25)
    .default([])
    .describe('Channels where messages get a suggested entry (JSON list of channel ids)'),
  suggestInTickets: z.boolean().default(true).describe('Suggest entries in ticket channels (tickets plugin)'),
  suggestThreshold: z
    .number()
    .min(0.1)
    .max(1)
    .default(0.6)
    .describe('How closely a message must match an entry title to suggest it (0.1–1)'),
});

export type KbSettings = z.infer<typeof kbSettings>;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    /** Every guild: forgets searches that found nothing and suggestions older than 90 days. */
    kbRetention: null;
  }
}
