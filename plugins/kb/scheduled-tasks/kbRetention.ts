import { PluginTask } from '#core/plugin-kit/PluginTask';

/** Daily: forgets searches that found nothing and suggestions not used for 90 days, in every guild. */
export class KbRetentionTask extends PluginTask<'kbRetention'> {
  public override async runEnabled() {
    const removed = await this.container.kb.repository.applyRetention();
    this.container.logger.debug(
      `kb retention: ${removed.misses} search misses, ${removed.suggestions} suggestions removed`,
    );
  }
}
