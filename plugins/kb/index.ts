import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { KbAlias } from './entities/KbAlias';
import { KbRating } from './entities/KbRating';
import { KbSearchMiss } from './entities/KbSearchMiss';
import { KbSuggestion } from './entities/KbSuggestion';
import { KbTicketChannel } from './entities/KbTicketChannel';
import { KnowledgeBase } from './entities/KnowledgeBase';
import { kbEvents } from './events';
import { KbSchema1795854145280 } from './migrations/1795854145280-KbSchema';
import { KbService } from './services/KbService';
import { kbSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    kb: KbService;
  }
}

/** The plugin whose ticket channels get suggestions; looked up by name, since plugins never import each other. */
const TICKETS_PLUGIN = 'tickets';

/** The retention job runs once a day, as a BullMQ job scheduler (one per queue, however many processes). */
const RETENTION_EVERY_MS = 24 * 60 * 60_000;

export default definePlugin({
  name: 'kb',
  description:
    'Knowledge base: entries with categories, tags and aliases, fuzzy search, ratings and suggested answers.',
  defaultEnabled: false,
  settings: kbSettings,
  entities: [KnowledgeBase, KbAlias, KbRating, KbSearchMiss, KbTicketChannel, KbSuggestion],
  migrations: [KbSchema1795854145280],
  events: kbEvents,
  setup: (kb) => {
    container.kb = new KbService(
      container.database,
      kb,
      (guildId) => container.plugins.get(TICKETS_PLUGIN)?.handle.isEnabledNow(guildId) ?? false,
    );
  },
  reconcile: async (guildId) => {
    await container.kb.suggestions.loadTicketChannels(guildId);
    if (guildId !== undefined) return;
    await container.tasks.client.upsertJobScheduler(
      'kbRetention',
      { every: RETENTION_EVERY_MS },
      { name: 'kbRetention', data: null, opts: { removeOnComplete: true, removeOnFail: true } },
    );
  },
});
