import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { AuditLog } from './entities/AuditLog';
import { AuditLog1795854065813 } from './migrations/1795854065813-AuditLog';
import { AuditService } from './services/AuditService';
import { auditSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    audit: AuditService;
  }
}

/** Runs the retention purge this often (one BullMQ job scheduler for every guild). */
const RETENTION_EVERY_MS = 24 * 3600_000;

export default definePlugin({
  name: 'audit',
  description:
    'The server event log: messages, members, channels, roles, moderation, voice and threads — stored, searchable and posted per category.',
  defaultEnabled: false,
  settings: auditSettings,
  entities: [AuditLog],
  migrations: [AuditLog1795854065813],
  setup: (audit) => {
    container.audit = new AuditService({
      plugin: audit,
      dataSource: container.database,
      client: () => container.client,
      configOf: async (guildId) => (await container.guildSettings.get(guildId)).config,
      redis: container.redis,
      redisNamespace: container.config.redisNamespace,
      // The moderation plugin, found by the event it declares: an optional partner.
      moderationOn: async (guildId) =>
        (await container.plugins.declarerOf('moderationAction')?.handle.isEnabled(guildId)) ?? false,
      logError: (what, error) => container.logger.error(`${what} failed:`, error),
      logInfo: (message) => container.logger.info(message),
    });
    container.audit.start();
    container.shutdownHooks.add('audit: post and store pending events', () => container.audit.stop());
  },
  reconcile: async () => {
    await container.tasks.client.upsertJobScheduler(
      'auditRetention',
      { every: RETENTION_EVERY_MS },
      { name: 'auditRetention', data: null, opts: { removeOnComplete: true, removeOnFail: true } },
    );
  },
  onGuildDisable: async (guildId) => {
    container.audit.messages.forgetGuild(guildId);
    container.audit.actors.forgetGuild(guildId);
  },
});
