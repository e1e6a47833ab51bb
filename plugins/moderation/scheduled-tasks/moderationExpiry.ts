import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/**
 * The alarm clock of one temporary action: a sweep of every due expiry of the guild that no worker holds yet, its own
 * included, each re-checked against the database and Discord, so a job that runs twice, late, or after a manual
 * unban does nothing more. One sweep per guild at a time in all processes; a job during a sweep hands over to it.
 */
export class ModerationExpiryTask extends PluginTask<'moderationExpiry'> {
  public override async runEnabled({ guildId }: ScheduledTasksPayload<'moderationExpiry'>) {
    await this.container.moderation.sweepExpiries(guildId);
  }
}
