import { z } from 'zod';

export const welcomeSettings = z.object({
  message: z
    .string()
    .min(1)
    .max(1500)
    .default('Welcome to **{server}**, {user}! You are member #{count}.')
    .describe('Greeting; placeholders {user}, {username}, {server}, {count}'),
  dm: z.boolean().default(false).describe('Also send the greeting by direct message'),
  deleteAfterSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(0)
    .describe('Delete the greeting after this many seconds (0 keeps it)'),
});

export type WelcomeSettings = z.infer<typeof welcomeSettings>;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    welcomeCleanup: { guildId: string; channelId: string; messageId: string };
  }
}
