/** Custom id prefix of the reset-all confirmation buttons: `levels:reset-all:<confirm|cancel>:<asker id>`. */
export const LEVELS_RESET_ALL_BUTTON = 'levels:reset-all';
