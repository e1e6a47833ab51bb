import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/**
 * The alarm clock of one temporary action: it starts (in the background) a sweep of every due expiry of the guild
 * that no worker holds yet, its own included, each re-checked against the database and Discord, so a job that runs
 * twice, late, or after a manual unban does nothing more.
 */
export class ModerationExpiryTask extends PluginTask<'moderationExpiry'> {
  public override runEnabled({ guildId }: ScheduledTasksPayload<'moderationExpiry'>) {
    this.container.moderation.requestExpirySweep(guildId);
    return Promise.resolve();
  }
}
