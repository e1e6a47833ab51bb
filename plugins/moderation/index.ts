import { container } from '@sapphire/framework';
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/definePlugin';
import { ModerationCaseCounter } from './entities/ModerationCaseCounter';
import { ModerationAction, ModerationLog } from './entities/ModerationLog';
import { ModerationCases1795597747952 } from './migrations/1795597747952-ModerationCases';
import { isValidDuration } from './services/durations';
import { ModerationService } from './services/ModerationService';

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

/** Announced after every case is recorded, for audit logs, achievements and statistics. */
export interface ModerationActionEvent {
  guildId: string;
  caseNumber: number;
  action: ModerationAction;
  /** Null for a purge of everyone's messages. */
  userId: string | null;
  /** Null when Discord's audit log named no moderator. */
  moderatorId: string | null;
  reason: string;
  expiresAt: Date | null;
  /** A command, an action done in Discord's own interface, a warn threshold, or an expiry. */
  source: 'command' | 'manual' | 'automatic' | 'expiry';
}

declare module 'discord.js' {
  interface ClientEvents {
    moderationAction: [ModerationActionEvent];
  }
}

declare module '@sapphire/pieces' {
  interface Container {
    moderation: ModerationService;
  }
}

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    moderationExpiry: { guildId: string; caseId: number };
    /** Every guild's overdue expiries, and a job for each future one: the safety net behind the expiry jobs. */
    moderationReconcile: null;
  }
}

export { ModerationAction };

export default definePlugin({
  name: 'moderation',
  description:
    'Cases, warn/timeout/kick/ban/tempban/purge with role-hierarchy checks, and expiries that survive restarts.',
  defaultEnabled: false,
  settings: moderationSettings,
  entities: [ModerationLog, ModerationCaseCounter],
  migrations: [ModerationCases1795597747952],
  setup: () => {
    container.moderation = new ModerationService();
    container.shutdownHooks.add('moderation expiry sweeps', () => container.moderation.settleSweeps());
    // Redis came back (perhaps empty, its delayed jobs gone): catch up from the database at once.
    container.redis.on('ready', () => {
      if (!container.client.isReady()) return;
      container.moderation
        .reconcile()
        .catch((error: unknown) =>
          container.logger.error('Moderation: reconcile after Redis came back failed:', error),
        );
    });
  },
});
