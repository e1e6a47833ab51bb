import { PluginTask } from '#core/plugin-kit/PluginTask';

const DAY_MS = 24 * 3600_000;

/**
 * Daily: deletes each guild's stored events older than its retention (default 90 days), in batches. Guilds that
 * turned the plugin off keep their retention too, so nothing is kept forever.
 */
export class AuditRetentionTask extends PluginTask<'auditRetention'> {
  public override async runEnabled() {
    const { audit, logger } = this.container;
    await audit.store.flush();
    let deleted = 0;
    for (const guildId of await audit.store.guildsWithRows()) {
      const { retentionDays } = await audit.settings(guildId);
      deleted += await audit.store.purge(guildId, new Date(Date.now() - retentionDays * DAY_MS));
    }
    if (deleted > 0) logger.info(`Audit: retention deleted ${deleted} stored events.`);
  }
}
