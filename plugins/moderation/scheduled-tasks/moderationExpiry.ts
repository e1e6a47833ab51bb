import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '../../../src/pieces/PluginTask';

/**
 * The alarm clock of one temporary action. It handles every due expiry of the guild that no worker holds yet
 * (including its own), each re-checked against the database and Discord, so a job that runs twice, late, or after a
 * manual unban does nothing more.
 */
export class ModerationExpiryTask extends PluginTask<'moderationExpiry'> {
  public override async runEnabled({ guildId }: ScheduledTasksPayload<'moderationExpiry'>) {
    await this.container.moderation.expireDue(guildId);
  }
}
