import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { BirthdayAnnouncement, BirthdayGuild } from './entities/BirthdayAnnouncement';
import { DailyStatistics } from './entities/DailyStatistics';
import { Profile } from './entities/Profile';
import { Statistics } from './entities/Statistics';
import { partnersOf } from './lib/partners';
import { ProfileSchema1795857414250 } from './migrations/1795857414250-ProfileSchema';
import { ProfileService } from './services/ProfileService';
import { profileSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    profile: ProfileService;
  }
}

export default definePlugin({
  name: 'profile',
  description: 'Profile cards with badges and backgrounds, birthdays, and per-server statistics.',
  defaultEnabled: false,
  settings: profileSettings,
  entities: [Profile, Statistics, DailyStatistics, BirthdayAnnouncement, BirthdayGuild],
  migrations: [ProfileSchema1795857414250],
  setup: () => {
    container.profile = new ProfileService(container.database, partnersOf(container.guildSettings));
  },
});
