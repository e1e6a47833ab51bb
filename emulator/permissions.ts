import { ChannelType, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';
import { missingPermissions } from './errors';
import type { ChannelRecord, GuildRecord, World } from './world';

const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What Discord gives @everyone in a new guild (Discord's current default set). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.Stream |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.UseEmbeddedActivities |
  PermissionFlagsBits.SendVoiceMessages |
  PermissionFlagsBits.SendPolls;

/** The bot role's default: what a moderation bot is usually invited with, without Administrator. */
export const DEFAULT_BOT_PERMISSIONS =
  DEFAULT_EVERYONE_PERMISSIONS |
  PermissionFlagsBits.ManageMessages |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.ManageRoles |
  PermissionFlagsBits.ManageNicknames |
  PermissionFlagsBits.ManageThreads |
  PermissionFlagsBits.KickMembers |
  PermissionFlagsBits.BanMembers |
  PermissionFlagsBits.ModerateMembers |
  PermissionFlagsBits.ViewAuditLog;

/** Guild-level permissions of a member: @everyone plus their roles; owner and Administrator get everything. */
export function basePermissions(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  let permissions = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
  for (const roleId of member?.roles ?? []) {
    permissions |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
  }
  return permissions & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : permissions;
}

/** The channel whose overwrites apply: threads take their parent's. */
function overwriteSource(world: World, channel: ChannelRecord): ChannelRecord {
  const isThread =
    channel.type === ChannelType.PublicThread ||
    channel.type === ChannelType.PrivateThread ||
    channel.type === ChannelType.AnnouncementThread;
  return isThread && channel.parentId ? (world.channel(channel.parentId) ?? channel) : channel;
}

/** Discord's overwrite algorithm: @everyone overwrite, then role overwrites together, then the member's own. */
export function channelPermissions(world: World, guild: GuildRecord, channel: ChannelRecord, userId: string): bigint {
  const base = basePermissions(guild, userId);
  if (base & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  const overwrites = overwriteSource(world, channel).permissionOverwrites;
  const member = guild.members.get(userId);
  let permissions = base;
  const everyone = overwrites.find((overwrite) => overwrite.id === guild.id);
  if (everyone) permissions = (permissions & ~BigInt(everyone.deny)) | BigInt(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const overwrite of overwrites) {
    if (overwrite.type === OverwriteType.Role && overwrite.id !== guild.id && member?.roles.includes(overwrite.id)) {
      allow |= BigInt(overwrite.allow);
      deny |= BigInt(overwrite.deny);
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find((overwrite) => overwrite.type === OverwriteType.Member && overwrite.id === userId);
  if (own) permissions = (permissions & ~BigInt(own.deny)) | BigInt(own.allow);
  // Without ViewChannel a member has no permission in the channel at all.
  return permissions & PermissionFlagsBits.ViewChannel ? permissions : 0n;
}

/** Position of the member's highest role; @everyone counts as 0. The owner ranks above every role. */
export function highestRolePosition(guild: GuildRecord, userId: string): number {
  if (guild.ownerId === userId) return Number.POSITIVE_INFINITY;
  const member = guild.members.get(userId);
  let highest = 0;
  for (const roleId of member?.roles ?? []) highest = Math.max(highest, guild.roles.get(roleId)?.position ?? 0);
  return highest;
}

/** Throws 50013 unless `userId` has every bit of `required` (in the channel when one is given). */
export function requirePermissions(
  world: World,
  guild: GuildRecord,
  userId: string,
  required: bigint,
  channel?: ChannelRecord,
): void {
  const granted = channel ? channelPermissions(world, guild, channel, userId) : basePermissions(guild, userId);
  if ((granted & required) !== required) throw missingPermissions();
}

/** Throws 50013 when the actor may not act on the target member: owner, or a target ranking at or above the actor. */
export function requireOutranks(guild: GuildRecord, actorId: string, targetId: string): void {
  if (targetId === guild.ownerId) throw missingPermissions();
  if (actorId === guild.ownerId) return;
  if (highestRolePosition(guild, targetId) >= highestRolePosition(guild, actorId)) throw missingPermissions();
}

/** Throws 50013 when the role is at or above the actor's highest role (so the actor cannot manage it). */
export function requireRoleBelow(guild: GuildRecord, actorId: string, roleId: string): void {
  if (actorId === guild.ownerId) return;
  const role = guild.roles.get(roleId);
  if (role && role.position >= highestRolePosition(guild, actorId)) throw missingPermissions();
}
