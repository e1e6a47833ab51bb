import type { LevelsSettings, RoleReward } from '../settings';

/** A guild's XP rules, prepared once per settings change so each message costs a few lookups. */
export interface XpRules {
  settings: LevelsSettings;
  /** The guild's command prefix (for `xpForCommands: false`). */
  prefix: string;
  noXpChannels: ReadonlySet<string>;
  noXpRoles: ReadonlySet<string>;
  /** Whether the author's roles matter, so the hot path reads them only when needed. */
  usesRoles: boolean;
  cooldownMs: number;
}

export function compileXpRules(settings: LevelsSettings, prefix: string): XpRules {
  return {
    settings,
    prefix,
    noXpChannels: new Set(settings.noXpChannelIds),
    noXpRoles: new Set(settings.noXpRoleIds),
    usesRoles: settings.noXpRoleIds.length > 0 || Object.keys(settings.roleMultipliers).length > 0,
    cooldownMs: settings.cooldownSeconds * 1000,
  };
}

/** What the XP rules need to know about a message. */
export interface MessageFacts {
  channelId: string;
  /** The channel's category, or a thread's parent channel. */
  parentId: string | null;
  content: string;
}

const NO_ROLES: readonly string[] = [];

/**
 * XP a message earns before the cooldown: 0 in no-XP channels, for no-XP roles and (if so set) for prefix commands;
 * otherwise a random amount in [xpMin, xpMax] times the global, channel and highest role multipliers.
 * `roleIds` may be empty when the rules do not use roles.
 */
export function xpForMessage(
  rules: XpRules,
  facts: MessageFacts,
  roleIds: Iterable<string> = NO_ROLES,
  random = Math.random,
): number {
  const { settings } = rules;
  if (rules.noXpChannels.has(facts.channelId) || (facts.parentId && rules.noXpChannels.has(facts.parentId))) return 0;
  let roleMultiplier: number | undefined;
  if (rules.usesRoles) {
    for (const roleId of roleIds) {
      if (rules.noXpRoles.has(roleId)) return 0;
      const value = settings.roleMultipliers[roleId];
      if (value !== undefined && (roleMultiplier === undefined || value > roleMultiplier)) roleMultiplier = value;
    }
  }
  if (!settings.xpForCommands && facts.content.startsWith(rules.prefix)) return 0;
  const low = Math.min(settings.xpMin, settings.xpMax);
  const high = Math.max(settings.xpMin, settings.xpMax);
  const base = low + Math.floor(random() * (high - low + 1));
  const channelMultiplier =
    settings.channelMultipliers[facts.channelId] ??
    (facts.parentId ? settings.channelMultipliers[facts.parentId] : undefined) ??
    1;
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
