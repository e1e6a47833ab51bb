import type { ScheduledTask, ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { PluginTask, type PluginTaskOptions } from '#core/plugin-kit/PluginTask';

/**
 * Retroactive evaluation of one achievement (new, or its requirement lowered) against every member's counters, in
 * batches, with one summary. Database and REST only, so any process may run it; a rerun unlocks nothing twice.
 * One evaluation per guild at a time across every process: two would walk the same members' rows, and the second
 * of two changes in a row evaluates after the first.
 */
export class AchievementsRetroTask extends PluginTask<'achievementsRetro'> {
  public constructor(context: ScheduledTask.LoaderContext, options: PluginTaskOptions<'achievementsRetro'>) {
    super(context, { ...options, serialiseBy: ({ guildId }) => `achievements-retro:${guildId}` });
  }

  public override async runEnabled({ guildId, achievementId, channelId }: ScheduledTasksPayload<'achievementsRetro'>) {
    await this.container.achievements.runRetro(guildId, achievementId, channelId);
  }
}
