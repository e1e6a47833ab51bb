import {
  ChannelType,
  type APIGuild,
  type APIGuildChannel,
  type APIGuildMember,
  type APIRole,
  type OverwriteType,
} from 'discord-api-types/v10';

/**
 * A guild's roles, channels and members as plain data, read from the gateway cache of the process that owns the
 * guild or from Discord's REST API by any other process (the dashboard serves every shard's guilds from one), so
 * what is decided from them — who manages the server, what a picker offers — is decided the same way either way.
 */

export interface RoleSnapshot {
  id: string;
  name: string;
  position: number;
  /** Managed by an integration (a bot's own role, a booster role): no member can be given it. */
  managed: boolean;
  permissions: bigint;
}

export interface OverwriteSnapshot {
  /** The role or member it applies to. */
  id: string;
  type: OverwriteType;
  allow: bigint;
  deny: bigint;
}

/** A channel or category of the guild (threads are not listed). */
export interface ChannelSnapshot {
  id: string;
  name: string;
  type: ChannelType;
  position: number;
  overwrites: readonly OverwriteSnapshot[];
}

export interface MemberSnapshot {
  userId: string;
  /** Their roles, without @everyone (whose id is the guild's). */
  roleIds: readonly string[];
  username: string;
  /** Their nickname, else their display name, else their username. */
  displayName: string;
}

/** What every decision reads first: the guild's name, owner and roles (with their permissions). */
export interface GuildSnapshot {
  id: string;
  name: string;
  ownerId: string;
  /** Every role, @everyone (the guild's id) included. */
  roles: ReadonlyMap<string, RoleSnapshot>;
}

/** Threads: the dashboard lists no thread, and a setting naming one is refused as the slash commands refuse it. */
export const THREAD_CHANNEL_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);

/** Channels of the guild that hold messages (discord.js's `isTextBased()` for guild channels). */
export const TEXT_BASED_CHANNEL_TYPES: ReadonlySet<ChannelType> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ...THREAD_CHANNEL_TYPES,
]);

export function roleFromApi(role: APIRole): RoleSnapshot {
  return {
    id: role.id,
    name: role.name,
    position: role.position,
    managed: role.managed,
    permissions: BigInt(role.permissions),
  };
}

/** `GET /guilds/{id}`: name, owner and roles. */
export function guildFromApi(guild: APIGuild): GuildSnapshot {
  return {
    id: guild.id,
    name: guild.name,
    ownerId: guild.owner_id,
    roles: new Map(guild.roles.map((role) => [role.id, roleFromApi(role)])),
  };
}

/** One entry of `GET /guilds/{id}/channels`. */
export function channelFromApi(channel: APIGuildChannel & { position?: number }): ChannelSnapshot {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    position: channel.position ?? 0,
    overwrites: (channel.permission_overwrites ?? []).map((overwrite) => ({
      id: overwrite.id,
      type: overwrite.type,
      allow: BigInt(overwrite.allow),
      deny: BigInt(overwrite.deny),
    })),
  };
}

/** `GET /guilds/{id}/members/{user}`. */
export function memberFromApi(member: APIGuildMember): MemberSnapshot {
  return {
    userId: member.user.id,
    roleIds: member.roles,
    username: member.user.username,
    displayName: member.nick ?? member.user.global_name ?? member.user.username,
  };
}
