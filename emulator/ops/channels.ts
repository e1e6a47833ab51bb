import {
  AuditLogEvent,
  AuditLogOptionsType,
  ChannelType,
  GatewayDispatchEvents,
  OverwriteType,
  PermissionFlagsBits,
  type APIAuditLogChange,
  type APIChannel,
  type GatewayChannelModifyDispatchData,
  type ThreadChannelType,
  type APIOverwrite,
  type APIThreadChannel,
  type APIThreadMember,
} from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import { FormErrors, maximumGuildChannels, missingPermissions, unknownChannel } from '../errors';
import { channelPayload, isThread, NO_FLAGS } from '../payloads';
import { requirePermissions } from '../permissions';
import type { ChannelRecord, GuildRecord } from '../world';
import { requireMessage } from './messages';

const MAX_GUILD_CHANNELS = 500;
const MAX_CATEGORY_CHILDREN = 50;

export interface ChannelInput {
  name?: string;
  type?: ChannelType;
  topic?: string | null;
  parent_id?: string | null;
  position?: number;
  nsfw?: boolean;
  rate_limit_per_user?: number;
  permission_overwrites?: { id: string; type: OverwriteType; allow?: string | null; deny?: string | null }[];
}

/** Who does an action: a user id (checked against permissions) and the audit-log reason. */
export interface Executor {
  userId: string;
  reason?: string;
}

function validateChannelInput(core: EmulatorCore, guild: GuildRecord, input: ChannelInput, creating: boolean) {
  const errors = new FormErrors();
  if (creating && !input.name) errors.add(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (input.name !== undefined && (input.name.length < 1 || input.name.length > 100)) {
    errors.add(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  errors.maxLength(['topic'], input.topic, 1024);
  const slowmode = input.rate_limit_per_user;
  if (slowmode !== undefined && (!Number.isInteger(slowmode) || slowmode < 0 || slowmode > 21600)) {
    errors.add(['rate_limit_per_user'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 21600.');
  }
  if (input.parent_id) {
    const parent = core.world.channel(input.parent_id);
    if (!parent || parent.guildId !== guild.id || parent.type !== ChannelType.GuildCategory) {
      errors.add(['parent_id'], 'CHANNEL_PARENT_INVALID_TYPE', 'Not a category');
    } else {
      const children = core.world.guildChannels(guild.id).filter((channel) => channel.parentId === parent.id);
      if (children.length >= MAX_CATEGORY_CHILDREN) {
        errors.add(
          ['parent_id'],
          'CHANNEL_PARENT_MAX_CHANNELS',
          `Maximum number of channels in category reached (${MAX_CATEGORY_CHILDREN})`,
        );
      }
    }
  }
  errors.throwIfAny();
}

function toOverwrites(input: ChannelInput['permission_overwrites']): APIOverwrite[] {
  return (input ?? []).map((overwrite) => ({
    id: overwrite.id,
    type: overwrite.type,
    allow: BigInt(overwrite.allow ?? 0).toString(),
    deny: BigInt(overwrite.deny ?? 0).toString(),
  }));
}

/** Creates a guild channel; `executor` undefined means the world builder (no checks, no audit entry). */
export function createChannel(
  core: EmulatorCore,
  guildId: string,
  input: ChannelInput,
  executor?: Executor,
): ChannelRecord {
  const guild = core.requireGuild(guildId);
  if (executor) requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageChannels);
  validateChannelInput(core, guild, input, true);
  if (core.world.guildChannels(guildId).filter((channel) => !isThread(channel)).length >= MAX_GUILD_CHANNELS) {
    throw maximumGuildChannels();
  }
  const type = input.type ?? ChannelType.GuildText;
  const channel: ChannelRecord = {
    id: core.snowflake(),
    type,
    guildId,
    name: input.name,
    topic: input.topic ?? null,
    position: input.position ?? core.world.guildChannels(guildId).filter((other) => other.type === type).length,
    parentId: input.parent_id ?? null,
    permissionOverwrites: toOverwrites(input.permission_overwrites),
    rateLimitPerUser: input.rate_limit_per_user ?? 0,
    nsfw: input.nsfw ?? false,
    lastMessageId: null,
    createdAt: new Date().toISOString(),
  };
  core.world.channels.set(channel.id, channel);
  guild.channelIds.add(channel.id);
  const payload = channelPayload(core.world, channel);
  core.dispatch(GatewayDispatchEvents.ChannelCreate, guildChannelEventData(payload, guildId), { guildId });
  if (executor) {
    core.audit(guild, {
      actionType: AuditLogEvent.ChannelCreate,
      executorId: executor.userId,
      targetId: channel.id,
      reason: executor.reason,
      changes: [
        { key: 'name', new_value: channel.name ?? '' },
        { key: 'type', new_value: channel.type },
      ],
    });
  }
  return channel;
}

function auditOverwriteType(type: OverwriteType): AuditLogOptionsType {
  return type === OverwriteType.Role ? AuditLogOptionsType.Role : AuditLogOptionsType.Member;
}

/** CHANNEL_CREATE/UPDATE/DELETE data: a non-thread guild channel with its guild id. */
function guildChannelEventData(payload: APIChannel, guildId: string): GatewayChannelModifyDispatchData {
  // Only called for guild channels that are not threads, which is what the event type narrows APIChannel to.
  return { ...payload, guild_id: guildId } as GatewayChannelModifyDispatchData;
}

function requireGuildChannel(core: EmulatorCore, channelId: string): { channel: ChannelRecord; guild: GuildRecord } {
  const channel = core.requireChannel(channelId);
  if (!channel.guildId) throw missingPermissions();
  return { channel, guild: core.requireGuild(channel.guildId) };
}

function dispatchChannelUpdate(core: EmulatorCore, guild: GuildRecord, channel: ChannelRecord): APIChannel {
  const payload = channelPayload(core.world, channel);
  if (isThread(channel)) {
    core.dispatch(GatewayDispatchEvents.ThreadUpdate, payload as APIThreadChannel, { guildId: guild.id });
  } else {
    core.dispatch(GatewayDispatchEvents.ChannelUpdate, guildChannelEventData(payload, guild.id), { guildId: guild.id });
  }
  return payload;
}

export interface ChannelEdit extends ChannelInput {
  archived?: boolean;
  locked?: boolean;
  auto_archive_duration?: number;
}

/** PATCH /channels/{id}: ManageChannels (ManageThreads for threads); CHANNEL_UPDATE or THREAD_UPDATE. */
export function editChannel(core: EmulatorCore, channelId: string, edit: ChannelEdit, executor: Executor): APIChannel {
  const { channel, guild } = requireGuildChannel(core, channelId);
  const needed = isThread(channel) ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels;
  const ownThread = isThread(channel) && channel.ownerId === executor.userId;
  if (!ownThread) requirePermissions(core.world, guild, executor.userId, needed, channel);
  if (edit.permission_overwrites !== undefined) {
    requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles, channel);
  }
  validateChannelInput(core, guild, edit, false);
  const changes: APIAuditLogChange[] = [];
  const apply = <K extends keyof ChannelRecord>(key: K, value: ChannelRecord[K] | undefined, auditKey: string) => {
    if (value === undefined || channel[key] === value) return;
    // auditKey is Discord's change key for this field, so the entry has the shape that key's union member expects.
    changes.push({ key: auditKey, old_value: channel[key], new_value: value } as APIAuditLogChange);
    channel[key] = value;
  };
  apply('name', edit.name, 'name');
  apply('topic', edit.topic, 'topic');
  apply('parentId', edit.parent_id, 'parent_id');
  apply('position', edit.position, 'position');
  apply('nsfw', edit.nsfw, 'nsfw');
  apply('rateLimitPerUser', edit.rate_limit_per_user, 'rate_limit_per_user');
  apply('archived', edit.archived, 'archived');
  apply('locked', edit.locked, 'locked');
  apply('autoArchiveDuration', edit.auto_archive_duration, 'auto_archive_duration');
  if (edit.permission_overwrites !== undefined) channel.permissionOverwrites = toOverwrites(edit.permission_overwrites);
  const payload = dispatchChannelUpdate(core, guild, channel);
  core.audit(guild, {
    actionType: isThread(channel) ? AuditLogEvent.ThreadUpdate : AuditLogEvent.ChannelUpdate,
    executorId: executor.userId,
    targetId: channel.id,
    reason: executor.reason,
    changes,
  });
  return payload;
}

export function deleteChannel(core: EmulatorCore, channelId: string, executor: Executor): APIChannel {
  const { channel, guild } = requireGuildChannel(core, channelId);
  const needed = isThread(channel) ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels;
  requirePermissions(core.world, guild, executor.userId, needed, channel);
  const payload = channelPayload(core.world, channel);
  core.world.channels.delete(channelId);
  core.world.messagesByChannel.delete(channelId);
  guild.channelIds.delete(channelId);
  if (isThread(channel)) {
    core.dispatch(
      GatewayDispatchEvents.ThreadDelete,
      {
        id: channel.id,
        guild_id: guild.id,
        parent_id: channel.parentId ?? '',
        type: channel.type as ThreadChannelType,
      },
      { guildId: guild.id },
    );
  } else {
    core.dispatch(GatewayDispatchEvents.ChannelDelete, guildChannelEventData(payload, guild.id), { guildId: guild.id });
  }
  core.audit(guild, {
    actionType: isThread(channel) ? AuditLogEvent.ThreadDelete : AuditLogEvent.ChannelDelete,
    executorId: executor.userId,
    targetId: channel.id,
    reason: executor.reason,
    changes: [{ key: 'name', old_value: channel.name ?? '' }],
  });
  return payload;
}

/** PUT /channels/{id}/permissions/{overwrite}: ManageRoles in the channel. */
export function putOverwrite(
  core: EmulatorCore,
  channelId: string,
  overwrite: { id: string; type: OverwriteType; allow?: string | null; deny?: string | null },
  executor: Executor,
): void {
  const { channel, guild } = requireGuildChannel(core, channelId);
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles, channel);
  const [next] = toOverwrites([overwrite]);
  const index = channel.permissionOverwrites.findIndex((existing) => existing.id === overwrite.id);
  if (index >= 0) channel.permissionOverwrites[index] = next;
  else channel.permissionOverwrites.push(next);
  dispatchChannelUpdate(core, guild, channel);
  core.audit(guild, {
    actionType: index >= 0 ? AuditLogEvent.ChannelOverwriteUpdate : AuditLogEvent.ChannelOverwriteCreate,
    executorId: executor.userId,
    targetId: channel.id,
    reason: executor.reason,
    options: { id: next.id, type: auditOverwriteType(next.type), role_name: guild.roles.get(next.id)?.name },
    changes: [
      { key: 'allow', new_value: next.allow },
      { key: 'deny', new_value: next.deny },
    ],
  });
}

export function deleteOverwrite(core: EmulatorCore, channelId: string, overwriteId: string, executor: Executor): void {
  const { channel, guild } = requireGuildChannel(core, channelId);
  requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.ManageRoles, channel);
  const before = channel.permissionOverwrites.length;
  const removed = channel.permissionOverwrites.find((overwrite) => overwrite.id === overwriteId);
  channel.permissionOverwrites = channel.permissionOverwrites.filter((overwrite) => overwrite.id !== overwriteId);
  if (!removed || channel.permissionOverwrites.length === before) return;
  dispatchChannelUpdate(core, guild, channel);
  core.audit(guild, {
    actionType: AuditLogEvent.ChannelOverwriteDelete,
    executorId: executor.userId,
    targetId: channel.id,
    reason: executor.reason,
    options: { id: overwriteId, type: auditOverwriteType(removed.type) },
  });
}

export interface ThreadInput {
  name: string;
  type?: ChannelType.PublicThread | ChannelType.PrivateThread;
  auto_archive_duration?: number;
  rate_limit_per_user?: number;
}

/** Starts a thread, from a message (`messageId`) or not; THREAD_CREATE with `newly_created`. */
export function startThread(
  core: EmulatorCore,
  parentId: string,
  input: ThreadInput,
  executor: Executor,
  messageId?: string,
): APIThreadChannel {
  const { channel: parent, guild } = requireGuildChannel(core, parentId);
  if (isThread(parent) || parent.type === ChannelType.GuildCategory) throw unknownChannel();
  const type = messageId ? ChannelType.PublicThread : (input.type ?? ChannelType.PrivateThread);
  const needed =
    type === ChannelType.PublicThread
      ? PermissionFlagsBits.CreatePublicThreads
      : PermissionFlagsBits.CreatePrivateThreads;
  requirePermissions(core.world, guild, executor.userId, needed | PermissionFlagsBits.ViewChannel, parent);
  const errors = new FormErrors();
  if (!input.name) errors.add(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  errors.maxLength(['name'], input.name, 100);
  errors.throwIfAny();
  const source = messageId ? requireMessage(core, parentId, messageId) : undefined;
  const thread: ChannelRecord = {
    // A thread started from a message has the message's id, as on Discord.
    id: source ? source.message.id : core.snowflake(),
    type,
    guildId: guild.id,
    name: input.name,
    position: 0,
    parentId,
    permissionOverwrites: [],
    rateLimitPerUser: input.rate_limit_per_user ?? 0,
    nsfw: parent.nsfw,
    lastMessageId: null,
    ownerId: executor.userId,
    archived: false,
    locked: false,
    autoArchiveDuration: input.auto_archive_duration ?? 4320,
    threadMemberIds: new Set([executor.userId]),
    messageCount: 0,
    createdAt: new Date().toISOString(),
  };
  core.world.channels.set(thread.id, thread);
  guild.channelIds.add(thread.id);
  const payload = channelPayload(core.world, thread) as APIThreadChannel;
  core.dispatch(GatewayDispatchEvents.ThreadCreate, { ...payload, newly_created: true }, { guildId: guild.id });
  if (source) {
    source.message.thread = payload;
  }
  core.audit(guild, {
    actionType: AuditLogEvent.ThreadCreate,
    executorId: executor.userId,
    targetId: thread.id,
    reason: executor.reason,
    changes: [{ key: 'name', new_value: thread.name ?? '' }],
  });
  return payload;
}

function threadMember(thread: ChannelRecord, userId: string): APIThreadMember {
  return { id: thread.id, user_id: userId, join_timestamp: new Date().toISOString(), flags: NO_FLAGS };
}

/** Adds (`join`) or removes a member from a thread; THREAD_MEMBERS_UPDATE. */
export function setThreadMembership(core: EmulatorCore, threadId: string, userId: string, join: boolean): void {
  const { channel: thread, guild } = requireGuildChannel(core, threadId);
  if (!isThread(thread)) throw unknownChannel();
  core.requireMember(guild, userId);
  const members = (thread.threadMemberIds ??= new Set());
  if (join === members.has(userId)) return;
  if (join) members.add(userId);
  else members.delete(userId);
  core.dispatch(
    GatewayDispatchEvents.ThreadMembersUpdate,
    {
      id: thread.id,
      guild_id: guild.id,
      member_count: members.size,
      added_members: join ? [threadMember(thread, userId)] : undefined,
      removed_member_ids: join ? undefined : [userId],
    },
    { guildId: guild.id },
  );
  if (userId === core.botUserId && join) {
    core.dispatch(
      GatewayDispatchEvents.ThreadMemberUpdate,
      { ...threadMember(thread, userId), guild_id: guild.id },
      {
        guildId: guild.id,
      },
    );
  }
}

export function activeThreads(core: EmulatorCore, guildId: string) {
  core.requireGuild(guildId);
  const threads = core.world.guildChannels(guildId).filter((channel) => isThread(channel) && !channel.archived);
  return {
    threads: threads.map((thread) => channelPayload(core.world, thread)),
    members: threads
      .filter((thread) => thread.threadMemberIds?.has(core.botUserId))
      .map((thread) => threadMember(thread, core.botUserId)),
  };
}

/** The DM channel between the bot and a user, created on first use (no gateway event, as for bots on Discord). */
export function openDm(core: EmulatorCore, userId: string): ChannelRecord {
  core.requireUser(userId);
  const existing = core.world.dmChannelByUser.get(userId);
  if (existing) return core.requireChannel(existing);
  const channel: ChannelRecord = {
    id: core.snowflake(),
    type: ChannelType.DM,
    position: 0,
    permissionOverwrites: [],
    rateLimitPerUser: 0,
    nsfw: false,
    lastMessageId: null,
    recipientId: userId,
    createdAt: new Date().toISOString(),
  };
  core.world.channels.set(channel.id, channel);
  core.world.dmChannelByUser.set(userId, channel.id);
  return channel;
}
