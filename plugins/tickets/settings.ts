import { z } from 'zod';
import { categoryId, roleId } from '#core/plugin-kit/settingIds';

export const ticketSettings = z.object({
  maxOpenPerMember: z.number().int().min(1).max(10).default(1).describe('Open tickets a member may have at once'),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(60)
    .describe('Seconds a member waits between opening tickets'),
  overflowCategoryId: categoryId()
    .nullable()
    .default(null)
    .describe('Category used when the support category is full (50 channels)'),
  overflowToThread: z
    .boolean()
    .default(true)
    .describe('When every category is full, open a private thread in the channel where the ticket was asked for'),
  escalationRoleId: roleId().nullable().default(null).describe('Role pinged when a ticket is escalated'),
  inactivityWarnSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400)
    .describe('Inactivity before a ticket gets a warning (0: never auto-close)'),
  inactivityCloseSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(43_200)
    .describe('Time after the warning before the ticket closes'),
  deleteChannelAfterSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(10)
    .describe('Delay between closing and deleting the ticket channel'),
  closeOnLeave: z.boolean().default(false).describe("Close a member's tickets when they leave the server"),
});

export type TicketSettings = z.infer<typeof ticketSettings>;

/** The settings that decide when open tickets are warned and closed: changing one re-schedules them. */
export const AUTO_CLOSE_SETTINGS: readonly string[] = ['inactivityWarnSeconds', 'inactivityCloseSeconds'];

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    ticketInactivity: { guildId: string; ticketId: number };
    ticketChannelDelete: { guildId: string; ticketId: number };
  }
}
