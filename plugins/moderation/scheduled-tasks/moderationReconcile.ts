import { PluginTask } from '#core/plugin-kit/PluginTask';

/**
 * Every few minutes, the same catch-up as on start-up: expiries that are overdue (their job was lost or failed) are
 * lifted, and future ones get their job back. Scheduled by the plugin's `reconcile` hook.
 */
export class ModerationReconcileTask extends PluginTask<'moderationReconcile'> {
  public override async runEnabled() {
    await this.container.moderation.catchUp();
  }
}
