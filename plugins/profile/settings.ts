import { z } from 'zod';
import { channelId, roleId } from '#core/plugin-kit/settingIds';

export const profileSettings = z.object({
  birthdayChannelId: channelId().nullable().default(null).describe('Channel where birthdays are announced'),
  birthdayRoleId: roleId().nullable().default(null).describe('Role given to members on their birthday'),
  countStatistics: z.boolean().default(true).describe('Count commands, messages, tickets and moderation for /stats'),
});

export type ProfileSettings = z.infer<typeof profileSettings>;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    /** Every 15 minutes, for every guild: announce the birthdays whose local date has just begun. */
    birthdayTick: null;
  }
}
