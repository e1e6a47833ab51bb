import { container } from '@sapphire/framework';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { Level } from './entities/Level';
import { LevelsSchema1795597554217 } from './migrations/1795597554217-LevelsSchema';
import { levelsBoard } from './services/levelsBoard';
import { LevelsService } from './services/LevelsService';
import { levelsEvents } from './events';
import { levelsSettings } from './settings';

export { levelsSettings, type LevelsSettings, type RoleReward } from './settings';

/** Custom id prefix of the reset-all confirmation buttons: `levels:reset-all:<confirm|cancel>:<asker id>`. */
export const LEVELS_RESET_ALL_BUTTON = 'levels:reset-all';

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
  entities: [Level],
  migrations: [LevelsSchema1795597554217],
  leaderboards: [levelsBoard],
  events: levelsEvents,
  setup: (levels) => {
    container.levels = new LevelsService(levels);
    container.levels.start();
    container.shutdownHooks.add('levels: flush pending XP', () => container.levels.stop());
  },
});
