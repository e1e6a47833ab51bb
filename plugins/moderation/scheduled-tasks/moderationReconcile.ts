import { PluginTask } from '#core/plugin-kit/PluginTask';

/**
 * Every few minutes, the same catch-up as on start-up: expiries that are overdue (their job was lost, failed, or
 * skipped while the plugin was disabled in the guild) are lifted, and future ones get their job back.
 */
export class ModerationReconcileTask extends PluginTask<'moderationReconcile'> {
  public override async runEnabled() {
    await this.container.moderation.reconcile();
  }
}
