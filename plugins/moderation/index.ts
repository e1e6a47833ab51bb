import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { ModerationCaseCounter } from './entities/ModerationCaseCounter';
import { ModerationLog } from './entities/ModerationLog';
import { moderationEvents } from './events';
import { ModerationCases1795597747952 } from './migrations/1795597747952-ModerationCases';
import { ModerationService } from './services/ModerationService';
import { moderationSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    moderation: ModerationService;
  }
}

export default definePlugin({
  name: 'moderation',
  description:
    'Cases, warn/timeout/kick/ban/tempban/purge with role-hierarchy checks, and expiries that survive restarts.',
  defaultEnabled: false,
  settings: moderationSettings,
  entities: [ModerationLog, ModerationCaseCounter],
  migrations: [ModerationCases1795597747952],
  events: moderationEvents,
  setup: (moderation) => {
    container.moderation = new ModerationService({
      dataSource: container.database,
      plugin: moderation,
      client: () => container.client,
      tasks: () => container.tasks,
      redis: container.redis,
      redisNamespace: container.config.redisNamespace,
      logger: () => container.logger,
      modLogChannelOf: async (guildId) => (await container.guildSettings.get(guildId)).config.modLogChannelId,
      emit: (event) => container.client.emit('moderationAction', event),
    });
  },
  reconcile: (guildId) => container.moderation.reconcile(guildId),
  onGuildDisable: (guildId) => container.moderation.cancelExpiries(guildId),
});
