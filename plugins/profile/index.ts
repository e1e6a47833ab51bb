import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { BirthdayAnnouncement, BirthdayGuild } from './entities/BirthdayAnnouncement';
import { CommandsHistogram } from './entities/CommandsHistogram';
import { DailyStatistics } from './entities/DailyStatistics';
import { Profile } from './entities/Profile';
import { ProfileBadgeSelection } from './entities/ProfileBadgeSelection';
import { Statistics } from './entities/Statistics';
import { birthdayService, scheduleBirthdayTick } from './lib/birthdays';
import { partnersOf } from './lib/partners';
import { ProfileSchema1795857414250 } from './migrations/1795857414250-ProfileSchema';
import { BirthdayRoles1795858021279 } from './migrations/1795858021279-BirthdayRoles';
import { BadgeSelection1795858205329 } from './migrations/1795858205329-BadgeSelection';
import { CommandsHistogram1795858549738 } from './migrations/1795858549738-CommandsHistogram';
import type { BirthdayService } from './services/BirthdayService';
import { ProfileService } from './services/ProfileService';
import { StatisticsService } from './services/StatisticsService';
import { profileSettings } from './settings';

/** How often counted statistics are written: a crash loses at most this much counting. */
const STATISTICS_FLUSH_MS = 5_000;

declare module '@sapphire/pieces' {
  interface Container {
    profile: ProfileService;
    statistics: StatisticsService;
    birthdays: BirthdayService;
  }
}

export default definePlugin({
  name: 'profile',
  description: 'Profile cards with badges and backgrounds, birthdays, and per-server statistics.',
  defaultEnabled: false,
  settings: profileSettings,
  entities: [
    Profile,
    ProfileBadgeSelection,
    Statistics,
    CommandsHistogram,
    DailyStatistics,
    BirthdayAnnouncement,
    BirthdayGuild,
  ],
  migrations: [
    ProfileSchema1795857414250,
    BirthdayRoles1795858021279,
    BadgeSelection1795858205329,
    CommandsHistogram1795858549738,
  ],
  setup: (profile) => {
    container.profile = new ProfileService(container.database, partnersOf(container.guildSettings));
    container.statistics = new StatisticsService({
      dataSource: container.database,
      counting: (guildId) => profile.settingsNow(guildId)?.countStatistics !== false,
      clock: () => new Date(),
      flushEveryMs: STATISTICS_FLUSH_MS,
      logger: { warn: (...values: unknown[]) => container.logger.warn(...values) },
    });
    container.statistics.start();
    container.birthdays = birthdayService(profile, () => new Date());
    container.shutdownHooks.add('profile: write pending statistics', () => container.statistics.stop());
  },
  // One job for every guild (it skips guilds where the plugin is off); rebuilt here when Redis comes back empty.
  reconcile: async (guildId) => {
    if (guildId === undefined) await scheduleBirthdayTick();
  },
});
