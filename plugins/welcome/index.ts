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
});

export type WelcomeSettings = z.infer<typeof welcomeSettings>;

export default definePlugin({
  name: 'welcome',
  description: 'Greets new members in the welcome channel.',
  defaultEnabled: false,
  settings: welcomeSettings,
});
