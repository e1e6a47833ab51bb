import { container } from '@sapphire/framework';
import { Routes } from 'discord.js';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { cancelTask, scheduleTask } from '#core/plugin-kit/tasks';
import { Reminder } from './entities/Reminder';
import { remindersEvents } from './events';
import { RemindersSchema1795854680131 } from './migrations/1795854680131-RemindersSchema';
import { ReminderService } from './services/ReminderService';
import { remindersSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    reminders: ReminderService;
  }
}

const jobId = (reminderId: number) => `reminder-${reminderId}`;

/** The README's example plugin: a small stateful plugin with every part a real one has. */
export default definePlugin({
  name: 'reminders',
  description: 'Members ask the bot to remind them of something later.',
  defaultEnabled: false,
  settings: remindersSettings,
  entities: [Reminder],
  migrations: [RemindersSchema1795854680131],
  events: remindersEvents,
  setup: (reminders) => {
    container.reminders = new ReminderService({
      dataSource: container.database,
      plugin: reminders,
      // While Redis is down the reminder is still stored; `reconcile` queues it when Redis returns.
      schedule: async (reminder) => {
        await scheduleTask(
          'reminderDue',
          { guildId: reminder.guildId, reminderId: reminder.id },
          { at: reminder.dueAt, id: jobId(reminder.id), rebuiltByReconcile: true },
        );
      },
      unschedule: async (reminderId) => {
        await cancelTask(jobId(reminderId));
      },
      post: async (channelId, content, userId) => {
        await container.client.rest.post(Routes.channelMessages(channelId), {
          body: { content, allowed_mentions: { users: [userId] } },
        });
      },
      emitDelivered: (event) => container.client.emit('reminderDelivered', event),
    });
  },
  // Start-up, Redis back, or the plugin enabled in a guild: queue what the database says is pending.
  reconcile: (guildId) => container.reminders.reconcile(guildId),
});
