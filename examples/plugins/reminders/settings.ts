import { z } from 'zod';

export const remindersSettings = z.object({
  maxPerMember: z.number().int().min(1).max(100).default(10).describe('Pending reminders a member may have'),
  maxDelayDays: z.number().int().min(1).max(365).default(90).describe('How far ahead a reminder may be set'),
});

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    reminderDue: { guildId: string; reminderId: number };
  }
}
