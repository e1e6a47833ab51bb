import { container } from '@sapphire/framework';
import { definePlugin } from '../../src/plugins/definePlugin';
import { Level } from './entities/Level';
import { LevelsSchema1795597554217 } from './migrations/1795597554217-LevelsSchema';
import { levelsBoard } from './services/levelsBoard';
import { LevelsService, type LevelUpEvent } from './services/LevelsService';
import { levelsSettings } from './settings';

export { levelsSettings, type LevelsSettings, type RoleReward } from './settings';
export type { LevelUpEvent } from './services/LevelsService';

/** Custom id prefix of the reset-all confirmation buttons: `levels:reset-all:<confirm|cancel>:<asker id>`. */
export const LEVELS_RESET_ALL_BUTTON = 'levels:reset-all';

declare module '@sapphire/pieces' {
  interface Container {
    levels: LevelsService;
  }
}

declare module 'discord.js' {
  interface ClientEvents {
    /** A member reached a higher level (by chatting or by an admin's /xp). */
    levelUp: [LevelUpEvent];
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
  setup: () => {
    container.levels = new LevelsService();
    container.levels.start();
    container.shutdownHooks.add('levels: flush pending XP', () => container.levels.stop());
  },
});
