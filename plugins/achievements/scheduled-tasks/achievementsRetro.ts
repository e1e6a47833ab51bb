import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask } from '#core/plugin-kit/PluginTask';

/**
 * Retroactive evaluation of one achievement (new, or its requirement lowered) against every member's counters, in
 * batches, with one summary. Database and REST only, so any process may run it; a rerun unlocks nothing twice.
 */
export class AchievementsRetroTask extends PluginTask<'achievementsRetro'> {
  public override async runEnabled({ guildId, achievementId, channelId }: ScheduledTasksPayload<'achievementsRetro'>) {
    await this.container.achievements.runRetro(guildId, achievementId, channelId);
  }
}
