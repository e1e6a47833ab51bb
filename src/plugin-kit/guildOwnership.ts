import { container } from '@sapphire/framework';
import type { ShardSpec } from '../../config';

/** The shard Discord puts a guild in, out of `shardCount`: `(guild_id >> 22) % shardCount`. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Whether a process of `role` running `shards` (undefined: every shard) owns the guild's gateway events. */
export function ownsGuildWith(role: 'bot' | 'worker', shards: ShardSpec | undefined, guildId: string): boolean {
  if (role === 'worker') return false;
  return !shards || shards.ids.includes(shardOfGuild(guildId, shards.count));
}

/**
 * Whether this process owns the guild: its gateway shard runs here. A plugin's `reconcile` hook for every guild
 * (`guildId` undefined) rebuilds the work of these guilds only, so each guild is reconciled by its owner — at its
 * start-up, after a restart, when Redis returns — and not by every shard process at once. A `ROLE=worker` process
 * owns none; one process without SHARD_IDS/SHARDS owns all.
 */
export function ownsGuild(guildId: string): boolean {
  const { role, shards } = container.config;
  return ownsGuildWith(role, shards, guildId);
}
