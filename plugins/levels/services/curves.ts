/** How much XP each level costs: MEE6's curve, a flat cost per level, or a guild's own quadratic. */
export interface CurveSettings {
  curve: 'mee6' | 'linear' | 'quadratic';
  /** Linear: every level costs this much. */
  linearXpPerLevel: number;
  /** Quadratic: level L to L + 1 costs aL² + bL + c. */
  quadraticA: number;
  quadraticB: number;
  quadraticC: number;
}

/** Levels stop here so a huge XP total can never loop for long. */
const MAX_LEVEL = 1000;

/** XP needed to go from `level` to `level + 1` (always at least 1). */
export function xpToNextLevel(settings: CurveSettings, level: number): number {
  switch (settings.curve) {
    case 'mee6':
      return 5 * level * level + 50 * level + 100;
    case 'linear':
      return Math.max(1, settings.linearXpPerLevel);
    case 'quadratic':
      return Math.max(
        1,
        Math.round(settings.quadraticA * level * level + settings.quadraticB * level + settings.quadraticC),
      );
  }
}

export interface LevelProgress {
  level: number;
  /** XP gained inside the current level. */
  xpIntoLevel: number;
  /** XP the current level costs in all. */
  xpForNextLevel: number;
}

/** Where a total puts a member: the level reached and the progress towards the next. */
export function progressOf(settings: CurveSettings, totalXp: number): LevelProgress {
  let level = 0;
  let remaining = Math.max(0, totalXp);
  let cost = xpToNextLevel(settings, 0);
  while (remaining >= cost && level < MAX_LEVEL) {
    remaining -= cost;
    level += 1;
    cost = xpToNextLevel(settings, level);
  }
  return { level, xpIntoLevel: remaining, xpForNextLevel: cost };
}
