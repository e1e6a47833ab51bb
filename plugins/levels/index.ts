import { container } from '@sapphire/framework';
import { DURATION_BUCKETS, histogram } from '#core/plugin-kit/metrics';
import { settingNotices } from '#core/plugin-kit/settingNotices';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { Level } from './entities/Level';
import { LevelRankBucket } from './entities/LevelRankBucket';
import { levelsEvents } from './events';
import { levelsLeaderboard } from './lib/leaderboard';
import { LevelsSchema1795597554217 } from './migrations/1795597554217-LevelsSchema';
import { LevelRankBuckets1795866816743 } from './migrations/1795866816743-LevelRankBuckets';
import { LevelRankBucketsPerStatement1795890000000 } from './migrations/1795890000000-LevelRankBucketsPerStatement';
import { LevelKeyedByMember1795900000000 } from './migrations/1795900000000-LevelKeyedByMember';
import { LevelsService } from './services/LevelsService';
import { levelsSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    levels: LevelsService;
  }
}

export default definePlugin({
  name: 'levels',
  description: 'XP for chatting, levels, role rewards, rank cards and a leaderboard.',
  defaultEnabled: false,
  settings: levelsSettings,
  entities: [Level, LevelRankBucket],
  migrations: [
    LevelsSchema1795597554217,
    LevelRankBuckets1795866816743,
    LevelRankBucketsPerStatement1795890000000,
    LevelKeyedByMember1795900000000,
  ],
  leaderboards: [levelsLeaderboard],
  events: levelsEvents,
  setup: (levels) => {
    const { database, guildSettings } = container;
    const flushRows = histogram({
      name: 'bot_levels_flush_rows',
      help: "Members' rows one levels flush wrote to PostgreSQL (flushes that wrote nothing are not counted).",
      buckets: [1, 5, 10, 50, 100, 500, 1000, 5000, 10000],
    });
    const flushSeconds = histogram({
      name: 'bot_levels_flush_duration_seconds',
      help: 'Time one levels flush took to write its rows.',
      buckets: DURATION_BUCKETS,
    });
    // Setup runs before the client (and the logger it brings) exists: reach them when a level-up happens.
    container.levels = new LevelsService({
      dataSource: database,
      plugin: levels,
      emitLevelUp: (event) => container.client.emit('levelUp', event),
      levelsFlushed: {
        listening: () => container.client.listenerCount('levelsFlushed') > 0,
        emit: (event) => container.client.emit('levelsFlushed', event),
      },
      observeFlush: ({ rows, seconds }) => {
        flushRows.observe(rows);
        flushSeconds.observe(seconds);
      },
      guildOf: (guildId) => container.client.guilds.cache.get(guildId),
      logger: {
        error: (...values: unknown[]) => container.logger.error(...values),
        warn: (...values: unknown[]) => container.logger.warn(...values),
      },
      prefixOf: (guildId) => guildSettings.prefixFor(guildId),
      notices: settingNotices(),
    });
    container.levels.start();
    container.shutdownHooks.add(
      'levels: flush pending XP',
      () => container.levels.stop(),
      () => container.levels.repository.pendingSummary(),
    );
  },
});
