import { z } from 'zod';
import { isValidDuration } from '#core/plugin-kit/durations';

const warnThreshold = z
  .object({
    warns: z.number().int().min(1).max(100).describe('How many warns…'),
    withinDays: z.number().int().min(1).max(365).describe('…within how many days'),
    action: z.enum(['timeout', 'kick', 'ban']),
    /** For timeout (required) and ban (optional: a tempban). */
    duration: z.string().refine(isValidDuration, 'a duration such as 1h or 1w2d').optional(),
  })
  .refine((threshold) => threshold.action !== 'timeout' || threshold.duration, 'a timeout threshold needs a duration');

export const moderationSettings = z.object({
  dmOnAction: z.boolean().default(true).describe('Tell members by DM before they are kicked or banned'),
  dmTemplate: z
    .string()
    .min(1)
    .max(1500)
    .default('You have been {action} from **{server}**. Reason: {reason}')
    .describe('The DM; placeholders {action}, {server}, {reason}, {duration}'),
  warnThresholds: z
    .array(warnThreshold)
    .max(10)
    .default([{ warns: 3, withinDays: 30, action: 'timeout', duration: '1h' }])
    .describe('Automatic actions, e.g. [{"warns":3,"withinDays":30,"action":"timeout","duration":"1h"}]'),
  manualActionCases: z
    .boolean()
    .default(true)
    .describe("Record bans, kicks and timeouts done in Discord's own interface as cases"),
});

export type ModerationSettings = z.infer<typeof moderationSettings>;
export type WarnThreshold = z.infer<typeof warnThreshold>;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    moderationExpiry: { guildId: string; caseId: number };
    /** Every guild's overdue expiries, and a job for each future one: the safety net behind the expiry jobs. */
    moderationReconcile: null;
  }
}
