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

/**
 * The total XP at which each level starts (level 0 at 0), ascending, up to {@link MAX_LEVEL} or the first level out of
 * reach of `maxTotal`: with SQL's `width_bucket(total, thresholds)`, the level of a total is the bucket − 1, and its
 * progress is the total − the bucket's threshold — what {@link progressOf} computes, for a statement's rows.
 */
export function levelThresholds(settings: CurveSettings, maxTotal: number): number[] {
  const thresholds = [0];
  let total = 0;
  for (let level = 0; level < MAX_LEVEL; level += 1) {
    total += xpToNextLevel(settings, level);
    if (total > maxTotal) break;
    thresholds.push(total);
  }
  return thresholds;
}

/** One string per distinct curve: members of guilds with the same curve share a statement's thresholds. */
export function curveKey(settings: CurveSettings): string {
  switch (settings.curve) {
    case 'mee6':
      return 'mee6';
    case 'linear':
      return `linear:${settings.linearXpPerLevel}`;
    case 'quadratic':
      return `quadratic:${settings.quadraticA}:${settings.quadraticB}:${settings.quadraticC}`;
  }
}
