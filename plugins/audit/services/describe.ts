import {
  ChannelType,
  OverwriteType,
  PermissionsBitField,
  type AnyThreadChannel,
  type Collection,
  type GuildBasedChannel,
  type GuildMember,
  type PartialGuildMember,
  type PermissionOverwrites,
  type Role,
  type User,
  type VoiceState,
} from 'discord.js';
import type {
  APIUser,
  GatewayMessageCreateDispatchData,
  GatewayMessageUpdateDispatchData,
} from 'discord-api-types/v10';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import type { AuditTargetType } from '../entities/AuditLog';
import {
  block,
  channelLabel,
  COLORS,
  escape,
  listOrNone,
  userLabel,
  type AuditEntry,
  type EntryField,
} from './entries';
import type { CachedMessage } from './MessageCache';

/** The fields every entry starts from; the describers fill in the rest. */
function base(
  guildId: string,
  category: AuditEvent,
  action: string,
  target: { id: string | null; type: AuditTargetType },
  look: { title: string; summary: string; color: number },
): AuditEntry {
  return {
    guildId,
    category,
    action,
    actorId: null,
    targetId: target.id,
    targetType: target.type,
    changes: null,
    at: new Date(),
    channelIds: [],
    subjectUserId: null,
    subjectIsBot: false,
    subjectRoleIds: [],
    fields: [],
    ...look,
  };
}

/** A channel and its parents (thread → channel → category), for the channel and category ignore lists. */
export function scopeOf(channel: { id: string; parentId?: string | null; parent?: unknown } | null): string[] {
  const ids: string[] = [];
  let current = channel as { id: string; parentId?: string | null; parent?: unknown } | null;
  for (let depth = 0; current && depth < 3; depth += 1) {
    ids.push(current.id);
    if (current.parentId && !current.parent) {
      ids.push(current.parentId);
      break;
    }
    current = (current.parent as typeof current) ?? null;
  }
  return ids;
}

function aboutMember(entry: AuditEntry, member: GuildMember | PartialGuildMember | null, user?: User | null) {
  const who = member?.user ?? user ?? null;
  entry.subjectUserId = who?.id ?? member?.id ?? null;
  entry.subjectIsBot = who?.bot ?? false;
  entry.subjectRoleIds = member && !member.partial ? [...member.roles.cache.keys()] : [];
  return entry;
}

// Messages -----------------------------------------------------------------------------------------------------------

/** A channel as the describers need it (from the client's channel cache, or only its id when not cached). */
export type ChannelLike = { id: string; name?: string | null; parentId?: string | null; parent?: unknown };

/** What the cache keeps of a new message, from its gateway payload. */
export function cacheable(data: GatewayMessageCreateDispatchData, guildId: string): CachedMessage {
  return {
    id: data.id,
    guildId,
    channelId: data.channel_id,
    authorId: data.author.id,
    authorName: data.author.username,
    authorBot: data.author.bot ?? false,
    authorRoleIds: data.member?.roles.length ? data.member.roles : NONE,
    content: data.content,
    attachments: data.attachments.length > 0 ? data.attachments.map((attachment) => attachment.filename) : NONE,
    createdAt: Date.parse(data.timestamp),
  };
}

const NONE: readonly string[] = Object.freeze([]);

/** An edit as the gateway reports it: a MESSAGE_UPDATE payload that carries its author and content. */
export type MessageEdit = GatewayMessageUpdateDispatchData & { author: APIUser; content: string };

export function describeMessageEdit(
  guildId: string,
  edit: MessageEdit,
  channel: ChannelLike,
  before: CachedMessage | undefined,
): AuditEntry | null {
  const after = edit.content;
  if (before && before.content === after) return null; // an embed or link preview appeared, not an edit
  const link = `https://discord.com/channels/${guildId}/${edit.channel_id}/${edit.id}`;
  const entry = base(
    guildId,
    AuditEvent.MESSAGE_EVENTS,
    'message_edit',
    { id: edit.id, type: 'message' },
    {
      title: 'Message edited',
      summary: `${userLabel(edit.author.id, edit.author.username)} edited [a message](${link}) in ${channelLabel(edit.channel_id)}`,
      color: COLORS.updated,
    },
  );
  entry.actorId = edit.author.id;
  entry.fields = [
    {
      name: 'Before',
      value: before ? block(before.content) : '*(not in my cache: sent before I started or too long ago)*',
    },
    { name: 'After', value: block(after) },
  ];
  entry.changes = { before: before?.content ?? null, after, channelId: edit.channel_id };
  entry.channelIds = scopeOf(channel);
  entry.subjectUserId = edit.author.id;
  entry.subjectIsBot = edit.author.bot ?? false;
  entry.subjectRoleIds = edit.member?.roles ?? [];
  return entry;
}

export function describeMessageDelete(
  guildId: string,
  messageId: string,
  channel: ChannelLike,
  cached: CachedMessage | undefined,
): AuditEntry {
  const authorId = cached?.authorId ?? null;
  const entry = base(
    guildId,
    AuditEvent.MESSAGE_EVENTS,
    'message_delete',
    { id: messageId, type: 'message' },
    {
      title: 'Message deleted',
      summary: cached
        ? `A message by ${userLabel(cached.authorId, cached.authorName)} was deleted in ${channelLabel(channel.id)}`
        : `A message I had not cached (id ${messageId}) was deleted in ${channelLabel(channel.id)}`,
      color: COLORS.deleted,
    },
  );
  if (cached) {
    entry.fields.push({ name: 'Content', value: block(cached.content) });
    if (cached.attachments.length > 0) {
      entry.fields.push({ name: 'Attachments', value: cached.attachments.map(escape).join('\n') });
    }
    entry.fields.push({ name: 'Sent', value: `<t:${Math.floor(cached.createdAt / 1000)}:R>`, inline: true });
  }
  entry.changes = cached
    ? { content: cached.content, attachments: cached.attachments, authorId, channelId: channel.id }
    : { channelId: channel.id };
  entry.channelIds = scopeOf(channel);
  entry.subjectUserId = authorId;
  entry.subjectIsBot = cached?.authorBot ?? false;
  entry.subjectRoleIds = cached?.authorRoleIds ?? [];
  return entry;
}

export function describeBulkDelete(
  guildId: string,
  channel: ChannelLike,
  ids: readonly string[],
  cached: ReadonlyMap<string, CachedMessage>,
): AuditEntry {
  const lines = ids.map((id) => {
    const message = cached.get(id);
    if (!message) return `[${id}] (not in my cache)`;
    const attachments = message.attachments.length ? ` [attachments: ${message.attachments.join(', ')}]` : '';
    return `[${new Date(message.createdAt).toISOString()}] ${message.authorName} (${message.authorId}): ${message.content}${attachments}`;
  });
  const fileName = `deleted-messages-${channel.id}.txt`;
  const entry = base(
    guildId,
    AuditEvent.MESSAGE_EVENTS,
    'message_bulk_delete',
    { id: channel.id, type: 'channel' },
    {
      title: 'Messages bulk deleted',
      summary: `${ids.length} messages were deleted at once in ${channelLabel(channel.id, channel.name)} (${cached.size} from my cache, listed in ${fileName})`,
      color: COLORS.deleted,
    },
  );
  entry.file = { name: fileName, content: lines.join('\n') };
  entry.changes = { count: ids.length, messageIds: ids };
  entry.channelIds = scopeOf(channel);
  return entry;
}

// Members ------------------------------------------------------------------------------------------------------------

const DAY_MS = 24 * 3600_000;

export function describeJoin(member: GuildMember, newAccountDays: number): AuditEntry {
  const ageDays = (Date.now() - member.user.createdTimestamp) / DAY_MS;
  const isNew = newAccountDays > 0 && ageDays < newAccountDays;
  const entry = base(
    member.guild.id,
    AuditEvent.MEMBER_EVENTS,
    'member_join',
    { id: member.id, type: 'member' },
    {
      title: isNew ? '⚠️ Member joined (new account)' : 'Member joined',
      summary: `${userLabel(member.id, member.user.username)} joined${isNew ? ' — the account is new' : ''}`,
      color: isNew ? COLORS.warning : COLORS.created,
    },
  );
  entry.actorId = member.id;
  entry.fields = [
    {
      name: 'Account created',
      value: `<t:${Math.floor(member.user.createdTimestamp / 1000)}:R> (${Math.floor(ageDays)} days)`,
      inline: true,
    },
  ];
  entry.changes = { accountAgeDays: Math.floor(ageDays), newAccount: isNew };
  return aboutMember(entry, member);
}

export function describeLeave(member: GuildMember | PartialGuildMember): AuditEntry {
  const roles = member.partial ? [] : [...member.roles.cache.values()].filter((role) => role.id !== member.guild.id);
  const entry = base(
    member.guild.id,
    AuditEvent.MEMBER_EVENTS,
    'member_leave',
    { id: member.id, type: 'member' },
    {
      title: 'Member left',
      summary: `${userLabel(member.id, member.user?.username)} left the server`,
      color: COLORS.deleted,
    },
  );
  entry.actorId = member.id;
  if (!member.partial) {
    entry.fields.push({ name: 'Roles', value: listOrNone(roles.map((role) => `<@&${role.id}>`)) });
    if (member.joinedTimestamp) {
      entry.fields.push({ name: 'Joined', value: `<t:${Math.floor(member.joinedTimestamp / 1000)}:R>`, inline: true });
    }
  }
  return aboutMember(entry, member);
}

/** Kicks, bans, unbans and timeouts (MOD_EVENTS; timeouts also count as MEMBER_EVENTS). */
export function describeModAction(
  guildId: string,
  action: 'kick' | 'ban' | 'unban' | 'timeout_set' | 'timeout_lifted',
  user: User | null,
  userId: string,
  member: GuildMember | PartialGuildMember | null,
  until?: Date,
): AuditEntry {
  const verbs = {
    kick: 'was kicked',
    ban: 'was banned',
    unban: 'was unbanned',
    timeout_set: `was timed out${until ? ` until <t:${Math.floor(until.getTime() / 1000)}:f>` : ''}`,
    timeout_lifted: 'had their timeout lifted',
  } as const;
  const titles = {
    kick: 'Member kicked',
    ban: 'User banned',
    unban: 'User unbanned',
    timeout_set: 'Member timed out',
    timeout_lifted: 'Timeout lifted',
  } as const;
  const entry = base(
    guildId,
    AuditEvent.MOD_EVENTS,
    action,
    { id: userId, type: 'member' },
    {
      title: titles[action],
      summary: `${userLabel(userId, user?.username)} ${verbs[action]}`,
      color: action === 'unban' || action === 'timeout_lifted' ? COLORS.created : COLORS.deleted,
    },
  );
  if (action === 'timeout_set' || action === 'timeout_lifted') entry.alsoCategory = AuditEvent.MEMBER_EVENTS;
  entry.changes = until ? { until: until.toISOString() } : null;
  return aboutMember(entry, member, user);
}

/** Nickname, roles and server avatar changes of a member; several entries when several changed at once. */
export function describeMemberUpdate(before: GuildMember | PartialGuildMember, after: GuildMember): AuditEntry[] {
  if (before.partial) return [];
  const entries: AuditEntry[] = [];
  const guildId = after.guild.id;
  const who = userLabel(after.id, after.user.username);
  if (before.nickname !== after.nickname) {
    const entry = base(
      guildId,
      AuditEvent.MEMBER_EVENTS,
      'member_nickname',
      { id: after.id, type: 'member' },
      { title: 'Nickname changed', summary: `${who} changed nickname`, color: COLORS.updated },
    );
    entry.fields = [
      { name: 'Before', value: before.nickname ? escape(before.nickname) : '*(none)*', inline: true },
      { name: 'After', value: after.nickname ? escape(after.nickname) : '*(none)*', inline: true },
    ];
    entry.changes = { before: before.nickname, after: after.nickname };
    entries.push(aboutMember(entry, after));
  }
  const added = after.roles.cache.filter((role) => !before.roles.cache.has(role.id));
  const removed = before.roles.cache.filter((role) => !after.roles.cache.has(role.id));
  if (added.size + removed.size > 0) {
    const parts = [
      added.size ? `gained ${added.map((role) => `<@&${role.id}>`).join(', ')}` : '',
      removed.size ? `lost ${removed.map((role) => `<@&${role.id}>`).join(', ')}` : '',
    ].filter(Boolean);
    const entry = base(
      guildId,
      AuditEvent.MEMBER_EVENTS,
      'member_roles',
      { id: after.id, type: 'member' },
      { title: 'Roles changed', summary: `${who} ${parts.join(' and ')}`, color: COLORS.updated },
    );
    if (added.size) entry.fields.push({ name: 'Added', value: added.map((role) => escape(role.name)).join(', ') });
    if (removed.size)
      entry.fields.push({ name: 'Removed', value: removed.map((role) => escape(role.name)).join(', ') });
    entry.changes = { added: [...added.keys()], removed: [...removed.keys()] };
    entries.push(aboutMember(entry, after));
  }
  if (before.avatar !== after.avatar) {
    const entry = base(
      guildId,
      AuditEvent.MEMBER_EVENTS,
      'member_avatar',
      { id: after.id, type: 'member' },
      { title: 'Server avatar changed', summary: `${who} changed their server avatar`, color: COLORS.neutral },
    );
    entry.actorId = after.id;
    entry.changes = { before: before.avatar, after: after.avatar };
    entries.push(aboutMember(entry, after));
  }
  return entries;
}

/** A user's profile changed (name, display name, avatar): logged in each guild the bot shares with them. */
export function describeUserUpdate(
  guildId: string,
  before: User,
  after: User,
  member: GuildMember | null,
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const who = userLabel(after.id, after.username);
  if (before.username !== after.username || before.globalName !== after.globalName) {
    const entry = base(
      guildId,
      AuditEvent.MEMBER_EVENTS,
      'member_username',
      { id: after.id, type: 'user' },
      { title: 'Username changed', summary: `${who} changed their name`, color: COLORS.updated },
    );
    entry.fields = [
      {
        name: 'Before',
        value: `${escape(before.username)}${before.globalName ? ` (${escape(before.globalName)})` : ''}`,
        inline: true,
      },
      {
        name: 'After',
        value: `${escape(after.username)}${after.globalName ? ` (${escape(after.globalName)})` : ''}`,
        inline: true,
      },
    ];
    entry.actorId = after.id;
    entry.changes = {
      before: { username: before.username, globalName: before.globalName },
      after: { username: after.username, globalName: after.globalName },
    };
    entries.push(aboutMember(entry, member, after));
  }
  if (before.avatar !== after.avatar) {
    const entry = base(
      guildId,
      AuditEvent.MEMBER_EVENTS,
      'member_avatar',
      { id: after.id, type: 'user' },
      { title: 'Avatar changed', summary: `${who} changed their avatar`, color: COLORS.neutral },
    );
    entry.actorId = after.id;
    entry.changes = { before: before.avatar, after: after.avatar };
    entries.push(aboutMember(entry, member, after));
  }
  return entries;
}

// Channels -----------------------------------------------------------------------------------------------------------

type GuildChannelLike = GuildBasedChannel & {
  permissionOverwrites?: { cache: Collection<string, PermissionOverwrites> };
};

export function describeChannel(channel: GuildBasedChannel, action: 'channel_create' | 'channel_delete'): AuditEntry {
  const created = action === 'channel_create';
  const entry = base(
    channel.guild.id,
    AuditEvent.CHANNEL_EVENTS,
    action,
    { id: channel.id, type: 'channel' },
    {
      title: created ? 'Channel created' : 'Channel deleted',
      summary: `${created ? channelLabel(channel.id, channel.name) : `#${escape(channel.name)}`} (${ChannelType[channel.type]}) was ${created ? 'created' : 'deleted'}`,
      color: created ? COLORS.created : COLORS.deleted,
    },
  );
  entry.changes = { name: channel.name, type: channel.type, parentId: channel.parentId };
  entry.channelIds = scopeOf(channel);
  return entry;
}

function perms(bits: Readonly<PermissionsBitField> | bigint): string[] {
  return new PermissionsBitField(bits).toArray();
}

function overwriteLabel(overwrite: PermissionOverwrites, guild: GuildBasedChannel['guild']): string {
  if (overwrite.type === OverwriteType.Role) {
    return overwrite.id === guild.id
      ? '@everyone'
      : `role ${escape(guild.roles.cache.get(overwrite.id)?.name ?? overwrite.id)}`;
  }
  return `member <@${overwrite.id}>`;
}

/** Permission overwrites before → after, one line per role or member whose overwrite changed. */
export function overwriteDiff(
  before: Collection<string, PermissionOverwrites> | undefined,
  after: Collection<string, PermissionOverwrites> | undefined,
  guild: GuildBasedChannel['guild'],
): { lines: string[]; changes: Record<string, unknown>[] } {
  const lines: string[] = [];
  const changes: Record<string, unknown>[] = [];
  const ids = new Set([...(before?.keys() ?? []), ...(after?.keys() ?? [])]);
  for (const id of ids) {
    const old = before?.get(id);
    const now = after?.get(id);
    const label = overwriteLabel((now ?? old)!, guild);
    const oldAllow = old?.allow.bitfield ?? 0n;
    const oldDeny = old?.deny.bitfield ?? 0n;
    const newAllow = now?.allow.bitfield ?? 0n;
    const newDeny = now?.deny.bitfield ?? 0n;
    if (old && now && oldAllow === newAllow && oldDeny === newDeny) continue;
    if (!now) {
      lines.push(
        `− ${label}: overwrite removed (allowed ${listOrNone(perms(oldAllow))}; denied ${listOrNone(perms(oldDeny))})`,
      );
    } else {
      const parts = [
        ['allowed', perms(newAllow & ~oldAllow)],
        ['no longer allowed', perms(oldAllow & ~newAllow)],
        ['denied', perms(newDeny & ~oldDeny)],
        ['no longer denied', perms(oldDeny & ~newDeny)],
      ]
        .filter(([, names]) => names.length > 0)
        .map(([what, names]) => `${what as string} ${(names as string[]).join(', ')}`);
      lines.push(`${old ? '~' : '+'} ${label}: ${parts.join('; ') || 'no permissions'}`);
    }
    changes.push({
      id,
      type: (now ?? old)!.type,
      before: old ? { allow: oldAllow.toString(), deny: oldDeny.toString() } : null,
      after: now ? { allow: newAllow.toString(), deny: newDeny.toString() } : null,
    });
  }
  return { lines, changes };
}

export function describeChannelUpdate(before: GuildBasedChannel, after: GuildBasedChannel): AuditEntry | null {
  const fields: EntryField[] = [];
  const changes: Record<string, unknown> = {};
  const compare = (name: string, key: string, old: unknown, now: unknown, show = (value: unknown) => String(value)) => {
    if (old === now) return;
    changes[key] = { before: old ?? null, after: now ?? null };
    fields.push({
      name,
      value: `${old == null || old === '' ? '*(none)*' : show(old)} → ${now == null || now === '' ? '*(none)*' : show(now)}`,
    });
  };
  const text = (value: unknown) => escape(String(value));
  compare('Name', 'name', before.name, after.name, text);
  compare('Topic', 'topic', topicOf(before), topicOf(after), text);
  compare('Slowmode', 'rateLimitPerUser', slowmodeOf(before), slowmodeOf(after), (value) => `${String(value)} s`);
  compare('NSFW', 'nsfw', nsfwOf(before), nsfwOf(after));
  compare('Category', 'parentId', before.parentId, after.parentId, (value) => `<#${String(value)}>`);
  const diff = overwriteDiff(
    (before as GuildChannelLike).permissionOverwrites?.cache,
    (after as GuildChannelLike).permissionOverwrites?.cache,
    after.guild,
  );
  if (diff.lines.length > 0) {
    fields.push({ name: 'Permission overwrites', value: diff.lines.join('\n') });
    changes.permissionOverwrites = diff.changes;
  }
  if (fields.length === 0) return null; // position only, or nothing we log
  const entry = base(
    after.guild.id,
    AuditEvent.CHANNEL_EVENTS,
    'channel_update',
    { id: after.id, type: 'channel' },
    {
      title: 'Channel updated',
      summary: `${channelLabel(after.id, after.name)} was updated: ${fields.map((field) => field.name.toLowerCase()).join(', ')}`,
      color: COLORS.updated,
    },
  );
  entry.fields = fields;
  entry.changes = changes;
  entry.channelIds = scopeOf(after);
  return entry;
}

function topicOf(channel: GuildBasedChannel): string | null {
  return 'topic' in channel ? (channel.topic ?? null) : null;
}
function slowmodeOf(channel: GuildBasedChannel): number {
  return 'rateLimitPerUser' in channel ? (channel.rateLimitPerUser ?? 0) : 0;
}
function nsfwOf(channel: GuildBasedChannel): boolean {
  return 'nsfw' in channel ? Boolean(channel.nsfw) : false;
}

// Roles --------------------------------------------------------------------------------------------------------------

const hex = (color: number) => `#${color.toString(16).padStart(6, '0')}`;

export function describeRole(role: Role, action: 'role_create' | 'role_delete'): AuditEntry {
  const created = action === 'role_create';
  const entry = base(
    role.guild.id,
    AuditEvent.ROLE_EVENTS,
    action,
    { id: role.id, type: 'role' },
    {
      title: created ? 'Role created' : 'Role deleted',
      summary: `Role **${escape(role.name)}** was ${created ? 'created' : 'deleted'}`,
      color: created ? COLORS.created : COLORS.deleted,
    },
  );
  entry.fields = [{ name: 'Permissions', value: listOrNone(role.permissions.toArray()) }];
  entry.changes = { name: role.name, color: role.color, permissions: role.permissions.bitfield.toString() };
  return entry;
}

export function describeRoleUpdate(before: Role, after: Role): AuditEntry | null {
  const fields: EntryField[] = [];
  const changes: Record<string, unknown> = {};
  if (before.name !== after.name) {
    fields.push({ name: 'Name', value: `${escape(before.name)} → ${escape(after.name)}` });
    changes.name = { before: before.name, after: after.name };
  }
  if (before.color !== after.color) {
    fields.push({ name: 'Colour', value: `${hex(before.color)} → ${hex(after.color)}`, inline: true });
    changes.color = { before: before.color, after: after.color };
  }
  if (before.hoist !== after.hoist) {
    fields.push({ name: 'Shown separately', value: `${before.hoist} → ${after.hoist}`, inline: true });
    changes.hoist = { before: before.hoist, after: after.hoist };
  }
  if (before.mentionable !== after.mentionable) {
    fields.push({ name: 'Mentionable', value: `${before.mentionable} → ${after.mentionable}`, inline: true });
    changes.mentionable = { before: before.mentionable, after: after.mentionable };
  }
  const oldBits = before.permissions.bitfield;
  const newBits = after.permissions.bitfield;
  if (oldBits !== newBits) {
    const granted = perms(newBits & ~oldBits);
    const revoked = perms(oldBits & ~newBits);
    if (granted.length) fields.push({ name: 'Permissions granted', value: granted.join(', ') });
    if (revoked.length) fields.push({ name: 'Permissions removed', value: revoked.join(', ') });
    changes.permissions = { before: oldBits.toString(), after: newBits.toString(), granted, revoked };
  }
  if (fields.length === 0) return null; // position shifts when another role moves
  const entry = base(
    after.guild.id,
    AuditEvent.ROLE_EVENTS,
    'role_update',
    { id: after.id, type: 'role' },
    {
      title: 'Role updated',
      summary: `Role <@&${after.id}> (${escape(after.name)}) was updated: ${fields.map((field) => field.name.toLowerCase()).join(', ')}`,
      color: COLORS.updated,
    },
  );
  entry.fields = fields;
  entry.changes = changes;
  return entry;
}

// Voice --------------------------------------------------------------------------------------------------------------

export type VoiceAction =
  | 'voice_join'
  | 'voice_leave'
  | 'voice_move'
  | 'voice_server_mute'
  | 'voice_server_unmute'
  | 'voice_server_deafen'
  | 'voice_server_undeafen';

export function describeVoice(before: VoiceState, after: VoiceState): { action: VoiceAction; entry: AuditEntry }[] {
  const results: { action: VoiceAction; entry: AuditEntry }[] = [];
  const member = after.member ?? before.member;
  const userId = after.id;
  const who = userLabel(userId, member?.user.username);
  const make = (action: VoiceAction, title: string, summary: string, channelId: string | null, color: number) => {
    const entry = base(
      after.guild.id,
      AuditEvent.VOICE_EVENTS,
      action,
      { id: userId, type: 'voice' },
      { title, summary, color },
    );
    const channel = channelId ? after.guild.channels.cache.get(channelId) : null;
    entry.channelIds = channel ? scopeOf(channel) : channelId ? [channelId] : [];
    entry.changes = { before: before.channelId, after: after.channelId };
    results.push({ action, entry: aboutMember(entry, member ?? null) });
  };
  if (before.channelId !== after.channelId) {
    if (!before.channelId) {
      make(
        'voice_join',
        'Joined voice',
        `${who} joined ${channelLabel(after.channelId)}`,
        after.channelId,
        COLORS.created,
      );
    } else if (!after.channelId) {
      make(
        'voice_leave',
        'Left voice',
        `${who} left ${channelLabel(before.channelId)}`,
        before.channelId,
        COLORS.deleted,
      );
    } else {
      make(
        'voice_move',
        'Moved in voice',
        `${who} moved from ${channelLabel(before.channelId)} to ${channelLabel(after.channelId)}`,
        after.channelId,
        COLORS.updated,
      );
    }
  }
  if (before.channelId && after.channelId && before.serverMute !== after.serverMute && after.serverMute !== null) {
    make(
      after.serverMute ? 'voice_server_mute' : 'voice_server_unmute',
      after.serverMute ? 'Server muted' : 'Server unmuted',
      `${who} was server ${after.serverMute ? 'muted' : 'unmuted'} in ${channelLabel(after.channelId)}`,
      after.channelId,
      COLORS.warning,
    );
  }
  if (before.channelId && after.channelId && before.serverDeaf !== after.serverDeaf && after.serverDeaf !== null) {
    make(
      after.serverDeaf ? 'voice_server_deafen' : 'voice_server_undeafen',
      after.serverDeaf ? 'Server deafened' : 'Server undeafened',
      `${who} was server ${after.serverDeaf ? 'deafened' : 'undeafened'} in ${channelLabel(after.channelId)}`,
      after.channelId,
      COLORS.warning,
    );
  }
  return results;
}

// Threads ------------------------------------------------------------------------------------------------------------

export function describeThread(thread: AnyThreadChannel, action: 'thread_create' | 'thread_delete'): AuditEntry {
  const created = action === 'thread_create';
  const entry = base(
    thread.guildId,
    AuditEvent.THREAD_EVENTS,
    action,
    { id: thread.id, type: 'thread' },
    {
      title: created ? 'Thread created' : 'Thread deleted',
      summary: `Thread ${created ? channelLabel(thread.id, thread.name) : `#${escape(thread.name ?? thread.id)}`} was ${created ? 'created' : 'deleted'} in ${channelLabel(thread.parentId)}`,
      color: created ? COLORS.created : COLORS.deleted,
    },
  );
  entry.changes = { name: thread.name, parentId: thread.parentId };
  entry.channelIds = scopeOf(thread);
  return entry;
}

export function describeThreadUpdate(before: AnyThreadChannel, after: AnyThreadChannel): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const make = (action: string, title: string, summary: string, changes: Record<string, unknown>) => {
    const entry = base(
      after.guildId,
      AuditEvent.THREAD_EVENTS,
      action,
      { id: after.id, type: 'thread' },
      {
        title,
        summary,
        color: COLORS.updated,
      },
    );
    entry.changes = changes;
    entry.channelIds = scopeOf(after);
    entries.push(entry);
  };
  if (before.name !== after.name) {
    make(
      'thread_rename',
      'Thread renamed',
      `Thread ${channelLabel(after.id)} was renamed: ${escape(before.name)} → ${escape(after.name)}`,
      {
        before: before.name,
        after: after.name,
      },
    );
  }
  if (before.archived !== after.archived && after.archived !== null) {
    make(
      after.archived ? 'thread_archive' : 'thread_unarchive',
      after.archived ? 'Thread archived' : 'Thread unarchived',
      `Thread ${channelLabel(after.id, after.name)} was ${after.archived ? 'archived' : 'unarchived'}`,
      { archived: after.archived },
    );
  }
  return entries;
}
