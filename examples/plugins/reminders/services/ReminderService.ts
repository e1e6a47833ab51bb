import { UserError } from '@sapphire/framework';
import type { DataSource } from 'typeorm';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import { formatDuration } from '#core/plugin-kit/durations';
import type { ReminderDeliveredEvent } from '../events';
import type { Reminder } from '../entities/Reminder';
import type { remindersSettings } from '../settings';
import { ReminderRepository } from './ReminderRepository';

/** What the service needs from the outside world, handed in by the manifest's setup. */
export interface ReminderServiceDependencies {
  dataSource: DataSource;
  plugin: PluginHandle<typeof remindersSettings>;
  /** Queues (or re-queues: same id, no duplicate) the wake-up of a reminder. */
  schedule: (reminder: Pick<Reminder, 'id' | 'guildId' | 'dueAt'>) => Promise<void>;
  unschedule: (reminderId: number) => Promise<void>;
  /** Posts a message in a channel, pinging only `userId`. */
  post: (channelId: string, content: string, userId: string) => Promise<void>;
  emitDelivered: (event: ReminderDeliveredEvent) => void;
}

/** Reminders: set, list, cancel, deliver once, and rebuild the queue from the database. */
export class ReminderService {
  public readonly reminders: ReminderRepository;

  public constructor(private readonly deps: ReminderServiceDependencies) {
    this.reminders = new ReminderRepository(deps.dataSource);
  }

  public async set(input: { guildId: string; userId: string; channelId: string; text: string; delayMs: number }) {
    const settings = await this.deps.plugin.settings(input.guildId);
    const text = input.text.trim();
    if (!text) throw new UserError({ identifier: 'EmptyReminder', message: 'Tell me what to remind you of.' });
    const maxMs = settings.maxDelayDays * 24 * 3600_000;
    if (input.delayMs > maxMs) {
      throw new UserError({
        identifier: 'ReminderTooFar',
        message: `Reminders can be set at most ${formatDuration(maxMs)} ahead on this server.`,
      });
    }
    const reminder = await this.reminders.addWithin(
      { ...input, text, dueAt: new Date(Date.now() + input.delayMs) },
      settings.maxPerMember,
    );
    if (!reminder) {
      throw new UserError({
        identifier: 'TooManyReminders',
        message: `You already have ${settings.maxPerMember} pending reminders here. Cancel one with \`/remind cancel\`.`,
      });
    }
    await this.deps.schedule(reminder);
    return reminder;
  }

  public async cancel(guildId: string, userId: string, id: number): Promise<void> {
    if (!(await this.reminders.deletePending(guildId, userId, id))) {
      throw new UserError({ identifier: 'UnknownReminder', message: `You have no pending reminder #${id} here.` });
    }
    await this.deps.unschedule(id);
  }

  /** The job woke up: post the reminder once (a second run, or one for a cancelled reminder, does nothing). */
  public async deliver(id: number): Promise<void> {
    const reminder = await this.reminders.claimDue(id);
    if (!reminder) return;
    try {
      await this.deps.post(
        reminder.channelId,
        `⏰ <@${reminder.userId}>, you asked me to remind you: ${reminder.text}`,
        reminder.userId,
      );
    } catch (error) {
      await this.reminders.unclaim(id);
      throw error;
    }
    this.deps.emitDelivered({ guildId: reminder.guildId, userId: reminder.userId, reminderId: reminder.id });
  }

  /** Queues every pending reminder (of one guild, or of all): jobs lost with Redis come back, none twice. */
  public async reconcile(guildId?: string): Promise<void> {
    for (const reminder of await this.reminders.pending(guildId)) await this.deps.schedule(reminder);
  }
}
