import { container } from '@sapphire/framework';
import { scheduleTask } from '#core/plugin-kit/tasks';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { WelcomeGreeting } from './entities/WelcomeGreeting';
import { WelcomeGreetings1795866278617 } from './migrations/1795866278617-WelcomeGreetings';
import { cleanupJobId, GreetingCleanup } from './services/GreetingCleanup';
import { welcomeSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    welcomeCleanup: GreetingCleanup;
  }
}

export default definePlugin({
  name: 'welcome',
  description: 'Greets new members in the welcome channel.',
  defaultEnabled: false,
  settings: welcomeSettings,
  entities: [WelcomeGreeting],
  migrations: [WelcomeGreetings1795866278617],
  setup: () => {
    container.welcomeCleanup = new GreetingCleanup({
      dataSource: container.database,
      // While Redis is down the greeting is stored: `reconcile` (Redis back) queues its deletion.
      schedule: async ({ guildId, channelId, messageId, deleteAt }) => {
        await scheduleTask(
          'welcomeCleanup',
          { guildId, channelId, messageId },
          { at: deleteAt, id: cleanupJobId(messageId), rebuiltByReconcile: true },
        );
      },
    });
  },
  // Start-up, Redis back (perhaps empty), or the plugin enabled in a guild: queue the deletions still owed.
  reconcile: (guildId) => container.welcomeCleanup.reconcile(guildId),
});
