import type { LevelsSettings, RoleReward } from '../settings';

/** What the XP rules need to know about a message. */
export interface MessageFacts {
  channelId: string;
  /** The channel's category, or a thread's parent channel. */
  parentId: string | null;
  /** The author's roles; may be empty when the guild uses no role rules (reading them costs time). */
  roleIds: readonly string[];
  content: string;
  prefix: string;
}

/** Whether the author's roles matter to the XP rules (so the hot path reads them only when needed). */
export function rulesUseRoles(settings: LevelsSettings): boolean {
  return settings.noXpRoleIds.length > 0 || Object.keys(settings.roleMultipliers).length > 0;
}

/**
 * XP a message earns before the cooldown: 0 in no-XP channels, for no-XP roles and (if so set) for prefix commands;
 * otherwise a random amount in [xpMin, xpMax] times the global, channel and highest role multipliers.
 */
export function xpForMessage(settings: LevelsSettings, facts: MessageFacts, random = Math.random): number {
  const { noXpChannelIds, noXpRoleIds } = settings;
  if (noXpChannelIds.includes(facts.channelId) || (facts.parentId && noXpChannelIds.includes(facts.parentId))) return 0;
  if (facts.roleIds.some((roleId) => noXpRoleIds.includes(roleId))) return 0;
  if (!settings.xpForCommands && facts.content.startsWith(facts.prefix)) return 0;
  const low = Math.min(settings.xpMin, settings.xpMax);
  const high = Math.max(settings.xpMin, settings.xpMax);
  const base = low + Math.floor(random() * (high - low + 1));
  const channelMultiplier =
    settings.channelMultipliers[facts.channelId] ??
    (facts.parentId ? settings.channelMultipliers[facts.parentId] : undefined) ??
    1;
  let roleMultiplier: number | undefined;
  for (const roleId of facts.roleIds) {
    const value = settings.roleMultipliers[roleId];
    if (value !== undefined && (roleMultiplier === undefined || value > roleMultiplier)) roleMultiplier = value;
  }
  return Math.round(base * settings.multiplier * channelMultiplier * (roleMultiplier ?? 1));
}

/**
 * Which reward roles a member at `level` should have: in "stack" mode every role earned so far, in "replace" mode
 * only the roles of the highest level reached. `drop` is every other reward role (removed on demotion too).
 */
export function rewardPlan(
  rewards: readonly RoleReward[],
  mode: LevelsSettings['rewardMode'],
  level: number,
): { keep: Set<string>; drop: Set<string> } {
  const earned = rewards.filter((reward) => reward.level <= level);
  const top = Math.max(0, ...earned.map((reward) => reward.level));
  const keep = new Set(
    (mode === 'stack' ? earned : earned.filter((reward) => reward.level === top)).map((reward) => reward.roleId),
  );
  const drop = new Set(rewards.map((reward) => reward.roleId).filter((roleId) => !keep.has(roleId)));
  return { keep, drop };
}

/** Fills {user}, {level} and {xp} in a level-up template. */
export function renderLevelUp(template: string, values: { user: string; level: number; xp: number }): string {
  return template.replace(/\{(user|level|xp)\}/g, (_, key: 'user' | 'level' | 'xp') =>
    key === 'user' ? values.user : values[key].toLocaleString('en-US'),
  );
}
