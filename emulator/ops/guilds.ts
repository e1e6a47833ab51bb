import {
  AuditLogEvent,
  GatewayDispatchEvents,
  PermissionFlagsBits,
  type APIAuditLog,
  type APIAuditLogChange,
  type APIBan,
  type APIGuildMember,
  type APIRole,
} from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import { FormErrors, invalidField, missingPermissions, unknownBan, unknownRole } from '../errors';
import { memberPayload, newRole, voiceStatePayload } from '../payloads';
import { basePermissions, requireOutranks, requirePermissions, requireRoleBelow } from '../permissions';
import type { GuildRecord, MemberRecord } from '../world';
import type { Executor } from './channels';
import { removeMessage } from './messages';
import { moderateVoice } from './voice';

const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

function dispatchMemberUpdate(core: EmulatorCore, guild: GuildRecord, member: MemberRecord): APIGuildMember {
  const payload = memberPayload(core.world, member);
  core.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { ...payload, guild_id: guild.id }, { guildId: guild.id });
  return payload;
}

/** Adds a user to a guild (joining): GUILD_MEMBER_ADD. Banned users cannot join. */
export function addMember(
  core: EmulatorCore,
  guildId: string,
  userId: string,
  options: { roles?: string[]; joinedAt?: Date | string; nick?: string } = {},
): MemberRecord {
  const guild = core.requireGuild(guildId);
  core.requireUser(userId);
  if (guild.bans.has(userId)) throw new Error(`user ${userId} is banned from guild ${guildId} and cannot join`);
  for (const roleId of options.roles ?? []) if (!guild.roles.has(roleId)) throw unknownRole();
  const existing = guild.members.get(userId);
  if (existing) return existing;
  const member: MemberRecord = {
    userId,
    nick: options.nick ?? null,
    roles: [...(options.roles ?? [])],
    joinedAt: new Date(options.joinedAt ?? Date.now()).toISOString(),
    communicationDisabledUntil: null,
  };
  guild.members.set(userId, member);
  core.dispatch(
    GatewayDispatchEvents.GuildMemberAdd,
    { ...memberPayload(core.world, member), guild_id: guild.id },
    { guildId: guild.id },
  );
  return member;
}

/** Removes a member (leaving, kick or ban): GUILD_MEMBER_REMOVE (after leaving voice, as on Discord). */
export function removeMember(core: EmulatorCore, guild: GuildRecord, userId: string): void {
  if (!guild.members.has(userId)) return;
  const voiceState = guild.voiceStates?.get(userId);
  if (voiceState) {
    guild.voiceStates!.delete(userId);
    core.dispatch(GatewayDispatchEvents.VoiceStateUpdate, voiceStatePayload(core.world, guild, voiceState, null), {
      guildId: guild.id,
    });
  }
  guild.members.delete(userId);
  core.dispatch(
    GatewayDispatchEvents.GuildMemberRemove,
    { guild_id: guild.id, user: core.requireUser(userId) },
    { guildId: guild.id },
  );
}

export interface MemberEdit {
  nick?: string | null;
  roles?: string[];
  communication_disabled_until?: string | null;
  /** Server mute/deafen and voice move/disconnect (see ops/voice.ts). */
  mute?: boolean;
  deaf?: boolean;
  channel_id?: string | null;
}

/** PATCH /guilds/{g}/members/{u} with Discord's checks: permissions, role hierarchy, 28-day timeout cap. */
export function modifyMember(
  core: EmulatorCore,
  guildId: string,
  userId: string,
  edit: MemberEdit,
  executor: Executor,
): APIGuildMember {
  const guild = core.requireGuild(guildId);
  const member = core.requireMember(guild, userId);
  const actorId = executor.userId;
  if (edit.mute !== undefined || edit.deaf !== undefined || edit.channel_id !== undefined) {
    moderateVoice(core, guild, userId, { mute: edit.mute, deaf: edit.deaf, channel_id: edit.channel_id }, executor);
  }
  const changes: APIAuditLogChange[] = [];
  if (edit.nick !== undefined) {
    const self = actorId === userId;
    requirePermissions(
      core.world,
      guild,
      actorId,
      self ? PermissionFlagsBits.ChangeNickname : PermissionFlagsBits.ManageNicknames,
    );
    if (!self) requireOutranks(guild, actorId, userId);
    const errors = new FormErrors();
    errors.maxLength(['nick'], edit.nick, 32);
    errors.throwIfAny();
  }
  if (edit.communication_disabled_until !== undefined) {
    requirePermissions(core.world, guild, actorId, PermissionFlagsBits.ModerateMembers);
    requireOutranks(guild, actorId, userId);
    // Members with Administrator cannot be timed out.
    if (basePermissions(guild, userId) & PermissionFlagsBits.Administrator) throw missingPermissions();
    const until = edit.communication_disabled_until;
    if (until !== null) {
      const time = Date.parse(until);
      if (Number.isNaN(time)) {
        throw invalidField(['communication_disabled_until'], 'DATE_TYPE_PARSE', 'Could not parse date.');
      }
      if (time - Date.now() > MAX_TIMEOUT_MS) {
        throw invalidField(
          ['communication_disabled_until'],
          'BASE_TYPE_BAD_TIME',
          'Cannot time out a member for more than 28 days.',
        );
      }
    }
  }
  let addedRoles: string[] = [];
  let removedRoles: string[] = [];
  if (edit.roles !== undefined) {
    requirePermissions(core.world, guild, actorId, PermissionFlagsBits.ManageRoles);
    for (const roleId of edit.roles) if (!guild.roles.has(roleId)) throw unknownRole();
    addedRoles = edit.roles.filter((roleId) => !member.roles.includes(roleId));
    removedRoles = member.roles.filter((roleId) => !edit.roles?.includes(roleId));
    for (const roleId of [...addedRoles, ...removedRoles]) requireRoleBelow(guild, actorId, roleId);
  }
  if (edit.nick !== undefined && edit.nick !== member.nick) {
    changes.push({ key: 'nick', old_value: member.nick ?? undefined, new_value: edit.nick ?? undefined });
    member.nick = edit.nick || null;
  }
  if (edit.communication_disabled_until !== undefined) {
    changes.push({
      key: 'communication_disabled_until',
      old_value: member.communicationDisabledUntil ?? undefined,
      new_value: edit.communication_disabled_until ?? undefined,
    });
    member.communicationDisabledUntil = edit.communication_disabled_until;
  }
  if (edit.roles !== undefined) member.roles = [...new Set(edit.roles)];
  const onlyVoice =
    edit.nick === undefined && edit.roles === undefined && edit.communication_disabled_until === undefined;
  // A voice-only edit dispatched its own updates in moderateVoice.
  const payload = onlyVoice ? memberPayload(core.world, member) : dispatchMemberUpdate(core, guild, member);
  if (changes.length > 0) {
    core.audit(guild, {
      actionType: AuditLogEvent.MemberUpdate,
      executorId: actorId,
      targetId: userId,
      reason: executor.reason,
      changes,
    });
  }
  if (addedRoles.length + removedRoles.length > 0)
    auditRoleChange(core, guild, userId, addedRoles, removedRoles, executor);
  return payload;
}

function auditRoleChange(
  core: EmulatorCore,
  guild: GuildRecord,
  userId: string,
  added: string[],
  removed: string[],
  executor: Executor,
): void {
  const describe = (ids: string[]) => ids.map((id) => ({ id, name: guild.roles.get(id)?.name ?? '' }));
  const changes: APIAuditLogChange[] = [];
  if (added.length > 0) changes.push({ key: '$add', new_value: describe(added) });
  if (removed.length > 0) changes.push({ key: '$remove', new_value: describe(removed) });
  core.audit(guild, {
    actionType: AuditLogEvent.MemberRoleUpdate,
    executorId: executor.userId,
    targetId: userId,
    reason: executor.reason,
    changes,
  });
}

/** PUT/DELETE /guilds/{g}/members/{u}/roles/{r}. */
export function setMemberRole(
  core: EmulatorCore,
  guildId: string,
  userId: string,
  roleId: string,
  add: boolean,
  executor: Executor,
): void {
  const guild = core.requireGuild(guildId);
  const member = core.requireMember(guild, userId);
  if (!guild.roles.has(roleId)) throw unknownRole();
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles);
  requireRoleBelow(guild, executor.userId, roleId);
  if (add === member.roles.includes(roleId)) return;
  member.roles = add ? [...member.roles, roleId] : member.roles.filter((id) => id !== roleId);
  dispatchMemberUpdate(core, guild, member);
  auditRoleChange(core, guild, userId, add ? [roleId] : [], add ? [] : [roleId], executor);
}

/** Sets a member's roles without checks (world building). */
export function setMemberRoles(core: EmulatorCore, guildId: string, userId: string, roleIds: string[]): void {
  const guild = core.requireGuild(guildId);
  const member = core.requireMember(guild, userId);
  for (const roleId of roleIds) if (!guild.roles.has(roleId)) throw unknownRole();
  member.roles = [...new Set(roleIds)];
  dispatchMemberUpdate(core, guild, member);
}

export function kickMember(core: EmulatorCore, guildId: string, userId: string, executor: Executor): void {
  const guild = core.requireGuild(guildId);
  core.requireMember(guild, userId);
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.KickMembers);
  requireOutranks(guild, executor.userId, userId);
  removeMember(core, guild, userId);
  core.audit(guild, {
    actionType: AuditLogEvent.MemberKick,
    executorId: executor.userId,
    targetId: userId,
    reason: executor.reason,
  });
}

/** PUT /guilds/{g}/bans/{u}: bans (member or not), removes the member, deletes their recent messages. */
export function banUser(
  core: EmulatorCore,
  guildId: string,
  userId: string,
  options: { delete_message_seconds?: number; delete_message_days?: number },
  executor: Executor,
): void {
  const guild = core.requireGuild(guildId);
  const user = core.requireUser(userId);
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.BanMembers);
  if (guild.members.has(userId) || userId === guild.ownerId) requireOutranks(guild, executor.userId, userId);
  const seconds = options.delete_message_seconds ?? (options.delete_message_days ?? 0) * 86400;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 604800) {
    throw invalidField(
      ['delete_message_seconds'],
      'NUMBER_TYPE_MAX',
      'int value should be less than or equal to 604800.',
    );
  }
  guild.bans.set(userId, { userId, reason: executor.reason ?? null });
  removeMember(core, guild, userId);
  core.dispatch(GatewayDispatchEvents.GuildBanAdd, { guild_id: guild.id, user }, { guildId: guild.id });
  if (seconds > 0) {
    const since = Date.now() - seconds * 1000;
    for (const channel of core.world.guildChannels(guild.id)) {
      for (const record of [...(core.world.messagesByChannel.get(channel.id)?.values() ?? [])]) {
        if (record.message.author.id === userId && Date.parse(record.message.timestamp) >= since) {
          removeMessage(core, channel, record.message.id);
        }
      }
    }
  }
  core.audit(guild, {
    actionType: AuditLogEvent.MemberBanAdd,
    executorId: executor.userId,
    targetId: userId,
    reason: executor.reason,
  });
}

export function unbanUser(core: EmulatorCore, guildId: string, userId: string, executor: Executor): void {
  const guild = core.requireGuild(guildId);
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.BanMembers);
  if (!guild.bans.delete(userId)) throw unknownBan();
  core.dispatch(
    GatewayDispatchEvents.GuildBanRemove,
    { guild_id: guild.id, user: core.requireUser(userId) },
    { guildId: guild.id },
  );
  core.audit(guild, {
    actionType: AuditLogEvent.MemberBanRemove,
    executorId: executor.userId,
    targetId: userId,
    reason: executor.reason,
  });
}

export function banPayload(core: EmulatorCore, guild: GuildRecord, userId: string): APIBan {
  const ban = guild.bans.get(userId);
  if (!ban) throw unknownBan();
  return { user: core.requireUser(userId), reason: ban.reason };
}

export function listBans(core: EmulatorCore, guildId: string, viewerId: string, query: Record<string, string>) {
  const guild = core.requireGuild(guildId);
  requirePermissions(core.world, guild, viewerId, PermissionFlagsBits.BanMembers);
  const limit = Math.min(Number(query.limit ?? 1000), 1000);
  const ids = [...guild.bans.keys()].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const after = query.after ? BigInt(query.after) : undefined;
  const before = query.before ? BigInt(query.before) : undefined;
  const selected = ids.filter(
    (id) => (after === undefined || BigInt(id) > after) && (before === undefined || BigInt(id) < before),
  );
  return (before !== undefined && after === undefined ? selected.slice(-limit) : selected.slice(0, limit)).map((id) =>
    banPayload(core, guild, id),
  );
}

export interface RoleInput {
  name?: string;
  permissions?: string | bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  position?: number;
}

/** Creates a role just above @everyone (or at `position`), shifting the others up, as Discord does. */
export function createRole(core: EmulatorCore, guildId: string, input: RoleInput, executor?: Executor): APIRole {
  const guild = core.requireGuild(guildId);
  const permissions = BigInt(input.permissions ?? 0n);
  if (executor) {
    requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles);
    // A member cannot grant permissions it does not have.
    const own = basePermissions(guild, executor.userId);
    if ((permissions & own) !== permissions) throw missingPermissions();
    const errors = new FormErrors();
    errors.maxLength(['name'], input.name, 100);
    errors.throwIfAny();
  }
  const position = Math.max(1, input.position ?? 1);
  const shifted: APIRole[] = [];
  for (const role of guild.roles.values()) {
    if (role.id !== guild.id && role.position >= position) {
      role.position += 1;
      shifted.push(role);
    }
  }
  const role = newRole(core.snowflake(), input.name ?? 'new role', permissions, position);
  role.color = input.color ?? 0;
  role.colors.primary_color = role.color;
  role.hoist = input.hoist ?? false;
  role.mentionable = input.mentionable ?? false;
  guild.roles.set(role.id, role);
  core.dispatch(GatewayDispatchEvents.GuildRoleCreate, { guild_id: guild.id, role }, { guildId: guild.id });
  // Discord tells clients about every role the new one pushed up, or their cached hierarchy goes stale.
  for (const moved of shifted) {
    core.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guild.id, role: moved }, { guildId: guild.id });
  }
  if (executor) {
    core.audit(guild, {
      actionType: AuditLogEvent.RoleCreate,
      executorId: executor.userId,
      targetId: role.id,
      reason: executor.reason,
      changes: [
        { key: 'name', new_value: role.name },
        { key: 'permissions', new_value: role.permissions },
      ],
    });
  }
  return role;
}

export function editRole(
  core: EmulatorCore,
  guildId: string,
  roleId: string,
  input: RoleInput,
  executor?: Executor,
): APIRole {
  const guild = core.requireGuild(guildId);
  const role = guild.roles.get(roleId);
  if (!role) throw unknownRole();
  if (executor) {
    requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles);
    requireRoleBelow(guild, executor.userId, roleId);
    if (input.permissions !== undefined) {
      const permissions = BigInt(input.permissions);
      if ((permissions & basePermissions(guild, executor.userId)) !== permissions) throw missingPermissions();
    }
  }
  const changes: APIAuditLogChange[] = [];
  if (input.name !== undefined && input.name !== role.name) {
    changes.push({ key: 'name', old_value: role.name, new_value: input.name });
    role.name = input.name;
  }
  if (input.permissions !== undefined) {
    const permissions = BigInt(input.permissions).toString();
    changes.push({ key: 'permissions', old_value: role.permissions, new_value: permissions });
    role.permissions = permissions;
  }
  if (input.color !== undefined) role.colors.primary_color = role.color = input.color;
  if (input.hoist !== undefined) role.hoist = input.hoist;
  if (input.mentionable !== undefined) role.mentionable = input.mentionable;
  if (input.position !== undefined) role.position = input.position;
  core.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guild.id, role }, { guildId: guild.id });
  if (executor) {
    core.audit(guild, {
      actionType: AuditLogEvent.RoleUpdate,
      executorId: executor.userId,
      targetId: role.id,
      reason: executor.reason,
      changes,
    });
  }
  return role;
}

export function deleteRole(core: EmulatorCore, guildId: string, roleId: string, executor: Executor): void {
  const guild = core.requireGuild(guildId);
  const role = guild.roles.get(roleId);
  if (!role || roleId === guild.id) throw unknownRole();
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles);
  requireRoleBelow(guild, executor.userId, roleId);
  guild.roles.delete(roleId);
  for (const member of guild.members.values()) member.roles = member.roles.filter((id) => id !== roleId);
  core.dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: guild.id, role_id: roleId }, { guildId: guild.id });
  core.audit(guild, {
    actionType: AuditLogEvent.RoleDelete,
    executorId: executor.userId,
    targetId: roleId,
    reason: executor.reason,
    changes: [{ key: 'name', old_value: role.name }],
  });
}

/** GET /guilds/{g}/audit-logs with user_id, action_type, before, after and limit (1–100, default 50). */
export function queryAuditLog(
  core: EmulatorCore,
  guildId: string,
  viewerId: string,
  query: Record<string, string>,
): APIAuditLog {
  const guild = core.requireGuild(guildId);
  requirePermissions(core.world, guild, viewerId, PermissionFlagsBits.ViewAuditLog);
  const limit = Number(query.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidField(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
  }
  let entries = core.world.auditLog(guildId);
  if (query.user_id) entries = entries.filter((entry) => entry.user_id === query.user_id);
  if (query.action_type) entries = entries.filter((entry) => entry.action_type === Number(query.action_type));
  if (query.before) entries = entries.filter((entry) => BigInt(entry.id) < BigInt(query.before));
  if (query.after) entries = entries.filter((entry) => BigInt(entry.id) > BigInt(query.after));
  entries = entries.slice(0, limit);
  const userIds = new Set(entries.flatMap((entry) => [entry.user_id, entry.target_id]).filter((id) => id != null));
  return {
    audit_log_entries: entries,
    users: [...userIds].map((id) => core.world.users.get(id)).filter((user) => user !== undefined),
    integrations: [],
    webhooks: [],
    guild_scheduled_events: [],
    threads: [],
    application_commands: [],
    auto_moderation_rules: [],
  };
}
