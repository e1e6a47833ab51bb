import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ChannelSnapshot, GuildSnapshot, MemberSnapshot } from '../guilds/guildSnapshot';
import type { MemberFacts } from './roleMapping';

/** Every Discord permission bit (what the owner and an Administrator have). */
export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/**
 * A member's server-wide Discord permissions, as discord.js computes `member.permissions`: the owner and an
 * Administrator have all; otherwise @everyone's and their roles' permissions together.
 */
export function guildPermissions(guild: GuildSnapshot, member: MemberSnapshot): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roleIds) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  return permissions & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : permissions;
}

/**
 * A member's Discord permissions in a channel, as discord.js computes `channel.permissionsFor(member)`: the server-wide
 * ones, then the channel's @everyone overwrite, its role overwrites together, and the member's own.
 */
export function channelPermissions(guild: GuildSnapshot, member: MemberSnapshot, channel: ChannelSnapshot): bigint {
  const base = guildPermissions(guild, member);
  if (base & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  const apply = (permissions: bigint, allow: bigint, deny: bigint) => (permissions & ~deny) | allow;
  let permissions = base;
  const everyone = channel.overwrites.find((overwrite) => overwrite.id === guild.id);
  if (everyone) permissions = apply(permissions, everyone.allow, everyone.deny);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of channel.overwrites) {
    if (overwrite.type !== OverwriteType.Role || !member.roleIds.includes(overwrite.id)) continue;
    allow |= overwrite.allow;
    deny |= overwrite.deny;
  }
  permissions = apply(permissions, allow, deny);
  const own = channel.overwrites.find(
    (overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === member.userId,
  );
  return own ? apply(permissions, own.allow, own.deny) : permissions;
}

/** What the bot's role mapping reads of a member (as `memberFacts` reads it off a discord.js member). */
export function snapshotFacts(guild: GuildSnapshot, member: MemberSnapshot): MemberFacts {
  return {
    userId: member.userId,
    isGuildOwner: guild.ownerId === member.userId,
    isAdministrator: (guildPermissions(guild, member) & PermissionFlagsBits.Administrator) !== 0n,
    // discord.js lists @everyone among a member's roles, so overrides are read the same way for both.
    roleIds: [guild.id, ...member.roleIds],
  };
}
