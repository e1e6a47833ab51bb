import type { ScheduledTask, ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask, type PluginTaskOptions } from '#core/plugin-kit/PluginTask';

/**
 * The alarm clock of one temporary action: a sweep of every due expiry of the guild that no worker holds yet, its own
 * included, each re-checked against the database and Discord, so a job that runs twice, late, or after a manual
 * unban does nothing more. One sweep per guild at a time across every process: a job of the guild arriving during a
 * sweep waits in the queue, not in a worker slot, and sweeps what came due since.
 */
export class ModerationExpiryTask extends PluginTask<'moderationExpiry'> {
  public constructor(context: ScheduledTask.LoaderContext, options: PluginTaskOptions<'moderationExpiry'>) {
    super(context, { ...options, serialiseBy: ({ guildId }) => `moderation-expiry:${guildId}` });
  }

  public override async runEnabled({ guildId }: ScheduledTasksPayload<'moderationExpiry'>) {
    await this.container.moderation.expireDue(guildId);
  }
}
