import { z } from 'zod';
import { channelId, roleId, watchedChannelId } from '#core/plugin-kit/settingIds';

const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id');
const multiplier = z.number().min(0).max(10);

export const ANNOUNCE_MODES = ['current', 'channel', 'dm', 'off'] as const;
export type AnnounceMode = (typeof ANNOUNCE_MODES)[number];

/** Per-guild levels settings; `/plugins config levels <key> <value>` changes them, `/levels …` manages the lists. */
export const levelsSettings = z.object({
  xpMin: z.number().int().min(0).max(1000).default(15).describe('Least XP a message earns'),
  xpMax: z.number().int().min(0).max(1000).default(25).describe('Most XP a message earns'),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(60)
    .describe('A member earns XP at most once per this many seconds'),
  curve: z.enum(['mee6', 'linear', 'quadratic']).default('mee6').describe('XP curve: mee6, linear or quadratic'),
  linearXpPerLevel: z.number().int().min(1).max(1_000_000).default(100).describe('Linear curve: XP per level'),
  quadraticA: z.number().min(0).max(10_000).default(5).describe('Quadratic curve: a in aL² + bL + c'),
  quadraticB: z.number().min(0).max(100_000).default(50).describe('Quadratic curve: b in aL² + bL + c'),
  quadraticC: z.number().min(1).max(1_000_000).default(100).describe('Quadratic curve: c in aL² + bL + c'),
  multiplier: multiplier.default(1).describe('Global XP multiplier'),
  channelMultipliers: z.record(snowflake, multiplier).default({}).describe('XP multiplier per channel id'),
  roleMultipliers: z
    .record(snowflake, multiplier)
    .default({})
    .describe('XP multiplier per role id (the highest of a member’s roles applies)'),
  noXpChannelIds: z
    .array(watchedChannelId())
    .max(100)
    .default([])
    .describe('Channels (or categories) where no XP is earned'),
  noXpRoleIds: z.array(roleId()).max(100).default([]).describe('Members with one of these roles earn no XP'),
  xpForCommands: z.boolean().default(true).describe('Whether prefix commands earn XP'),
  announce: z.enum(ANNOUNCE_MODES).default('current').describe('Level-up message: current, channel, dm or off'),
  announceChannelId: channelId()
    .nullable()
    .default(null)
    .describe('Channel for level-up messages when announce=channel'),
  announceMessage: z
    .string()
    .min(1)
    .max(500)
    .default('GG {user}, you reached **level {level}**! ({xp} XP)')
    .describe('Level-up message; placeholders {user}, {level}, {xp}'),
  rewardMode: z
    .enum(['stack', 'replace'])
    .default('stack')
    .describe('Role rewards: stack keeps every earned role, replace keeps only the highest'),
  roleRewards: z
    .array(z.object({ level: z.number().int().min(1).max(1000), roleId: snowflake }))
    .max(100)
    .default([])
    .describe('Roles given at levels (manage with /levels reward)'),
  resetOnLeave: z.boolean().default(false).describe("Delete a member's XP when they leave"),
});

export type LevelsSettings = z.infer<typeof levelsSettings>;
export type RoleReward = LevelsSettings['roleRewards'][number];
