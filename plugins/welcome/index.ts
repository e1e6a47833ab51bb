import { z } from 'zod';
import { definePlugin } from '../../src/plugins/definePlugin';

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

/** Custom ids of the greeting editor's button and modal. */
export const WELCOME_EDIT_BUTTON = 'welcome:edit';
export const WELCOME_EDIT_MODAL = 'welcome:edit-modal';

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    welcomeCleanup: { guildId: string; channelId: string; messageId: string };
  }
}

export default definePlugin({
  name: 'welcome',
  description: 'Greets new members in the welcome channel.',
  defaultEnabled: false,
  settings: welcomeSettings,
});
