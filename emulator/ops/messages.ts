import {
  AuditLogEvent,
  ChannelType,
  GatewayDispatchEvents,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIMessageTopLevelComponent,
  type APIPartialEmoji,
  type APIUser,
  type GatewayMessageCreateDispatchData,
  type RESTPostAPIChannelMessageJSONBody,
  type TextChannelType,
} from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import {
  bulkDeleteTooOld,
  cannotEditOtherUsersMessage,
  cannotSendEmptyMessage,
  cannotSendToUser,
  FormErrors,
  missingAccess,
  missingPermissions,
  unknownEmoji,
  unknownMessage,
} from '../errors';
import { isThread, memberPayload, messagePayload } from '../payloads';
import { channelPermissions, requirePermissions } from '../permissions';
import type { ChannelRecord, GuildRecord, MessageRecord } from '../world';

const FOURTEEN_DAYS_MS = 14 * 24 * 60 * 60 * 1000;

/** A file sent with a message (multipart `files[n]`, or an actor's attachment). */
export interface UploadedFile {
  /** The multipart field index `n` of `files[n]`, which `attachments[].id` refers to. */
  index: number;
  name: string;
  contentType: string;
  data: Buffer;
}

/** The message fields the emulator understands, common to channel messages, interaction replies and webhooks. */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  attachments?: { id: string | number; filename?: string; description?: string }[];
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  message_reference?: RESTPostAPIChannelMessageJSONBody['message_reference'];
}

/** Discord's message limits: content 2000, 10 embeds, and each embed's field limits with 6000 in total. */
export function validateMessageBody(body: MessageBody): void {
  const errors = new FormErrors();
  errors.maxLength(['content'], body.content, 2000);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((embed, index) => {
    const path = ['embeds', index];
    errors.maxLength([...path, 'title'], embed.title, 256);
    errors.maxLength([...path, 'description'], embed.description, 4096);
    errors.maxLength([...path, 'footer', 'text'], embed.footer?.text, 2048);
    errors.maxLength([...path, 'author', 'name'], embed.author?.name, 256);
    const fields = embed.fields ?? [];
    if (fields.length > 25) errors.add([...path, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, fieldIndex) => {
      errors.maxLength([...path, 'fields', fieldIndex, 'name'], field.name, 256);
      errors.maxLength([...path, 'fields', fieldIndex, 'value'], field.value, 1024);
      total += field.name.length + field.value.length;
    });
    total +=
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0);
  });
  if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  if ((body.components?.length ?? 0) > 5 && !((body.flags ?? 0) & MessageFlags.IsComponentsV2)) {
    errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  }
  errors.throwIfAny();
}

function mentionedUsers(core: EmulatorCore, content: string): APIUser[] {
  const ids = new Set([...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1]));
  return [...ids].map((id) => core.world.users.get(id)).filter((user) => user !== undefined);
}

function mentionedRoles(guild: GuildRecord | undefined, content: string): string[] {
  if (!guild) return [];
  const ids = new Set([...content.matchAll(/<@&(\d{17,20})>/g)].map((match) => match[1]));
  return [...ids].filter((id) => guild.roles.has(id));
}

function buildAttachments(core: EmulatorCore, body: MessageBody, files: UploadedFile[], record: MessageRecord) {
  const described = new Map((body.attachments ?? []).map((attachment) => [String(attachment.id), attachment]));
  return files.map((file): APIAttachment => {
    const id = core.snowflake();
    const meta = described.get(String(file.index));
    const filename = meta?.filename ?? file.name;
    const url = `${core.baseUrl}/attachments/${record.message.channel_id}/${id}/${encodeURIComponent(filename)}`;
    record.files.set(id, { data: file.data, contentType: file.contentType });
    return {
      id,
      filename,
      description: meta?.description,
      content_type: file.contentType,
      size: file.data.length,
      url,
      proxy_url: url,
    };
  });
}

function guildOf(core: EmulatorCore, channel: ChannelRecord): GuildRecord | undefined {
  return channel.guildId ? core.requireGuild(channel.guildId) : undefined;
}

/** Throws 50013 unless the user may post in the channel (and is not timed out). */
function requireCanSend(core: EmulatorCore, channel: ChannelRecord, authorId: string, withFiles: boolean): void {
  const guild = guildOf(core, channel);
  if (!guild) return;
  const send = isThread(channel) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  const files = withFiles ? PermissionFlagsBits.AttachFiles : 0n;
  requireChannelAccess(core, channel, authorId);
  requirePermissions(core.world, guild, authorId, send | files, channel);
  const until = guild.members.get(authorId)?.communicationDisabledUntil;
  if (until && Date.parse(until) > Date.now()) throw missingPermissions();
}

export interface CreateMessageOptions {
  authorId: string;
  files?: UploadedFile[];
  type?: MessageType;
  interactionMetadata?: APIMessageInteractionMetadata;
  webhookId?: string;
  applicationId?: string;
  /** Skip the author's permission check (interaction responses are sent by the application, not a member). */
  skipPermissionCheck?: boolean;
  /** Allow a message with nothing in it (an interaction's "thinking…" placeholder). */
  allowEmpty?: boolean;
  /** Creation time, for tests that need old messages (bulk delete's 14-day rule). */
  timestamp?: number;
}

/** Creates a message: checks, stores and dispatches MESSAGE_CREATE like Discord. */
export function createMessage(
  core: EmulatorCore,
  channelId: string,
  body: MessageBody,
  options: CreateMessageOptions,
): MessageRecord {
  const channel = core.requireChannel(channelId);
  const author = core.requireUser(options.authorId);
  const files = options.files ?? [];
  validateMessageBody(body);
  const empty = !body.content && !(body.embeds?.length ?? 0) && !(body.components?.length ?? 0) && files.length === 0;
  if (empty && !options.allowEmpty) {
    throw cannotSendEmptyMessage();
  }
  if (!options.skipPermissionCheck) requireCanSend(core, channel, options.authorId, files.length > 0);
  if (channel.type === ChannelType.DM && author.id === core.botUserId && channel.recipientId) {
    if (core.world.dmsClosed.has(channel.recipientId)) throw cannotSendToUser();
  }
  const guild = guildOf(core, channel);
  const content = body.content ?? '';
  let referenced: APIMessage | undefined;
  if (body.message_reference?.message_id) {
    referenced = core.world.message(body.message_reference.channel_id ?? channelId, body.message_reference.message_id);
    if (!referenced && body.message_reference.fail_if_not_exists !== false) throw unknownMessage();
  }
  const id = core.snowflake(options.timestamp);
  const message: APIMessage = {
    id,
    channel_id: channelId,
    author,
    content,
    timestamp: new Date(options.timestamp ?? Date.now()).toISOString(),
    edited_timestamp: null,
    tts: body.tts ?? false,
    mention_everyone: /@(everyone|here)/.test(content),
    mentions: mentionedUsers(core, content),
    mention_roles: mentionedRoles(guild, content),
    attachments: [],
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    pinned: false,
    type: options.type ?? (referenced ? MessageType.Reply : MessageType.Default),
    flags: body.flags ?? 0,
    nonce: body.nonce,
    webhook_id: options.webhookId,
    application_id: options.applicationId,
    interaction_metadata: options.interactionMetadata,
    message_reference: referenced
      ? { type: 0, message_id: referenced.id, channel_id: referenced.channel_id, guild_id: guild?.id }
      : undefined,
    referenced_message: referenced,
  };
  const record: MessageRecord = { message, reactions: new Map(), seq: core.world.nextMessageSeq(), files: new Map() };
  message.attachments = buildAttachments(core, body, files, record);
  let messages = core.world.messagesByChannel.get(channelId);
  if (!messages) {
    messages = new Map();
    core.world.messagesByChannel.set(channelId, messages);
  }
  messages.set(id, record);
  channel.lastMessageId = id;
  if (isThread(channel)) channel.messageCount = (channel.messageCount ?? 0) + 1;
  dispatchMessage(core, GatewayDispatchEvents.MessageCreate, record, guild);
  core.emit('message', record);
  return record;
}

/** Whether a session without MessageContent still sees this message's content (DMs, the bot's own, mentions). */
function keepsContent(core: EmulatorCore, message: APIMessage, guild: GuildRecord | undefined): boolean {
  return !guild || message.author.id === core.botUserId || message.mentions.some((user) => user.id === core.botUserId);
}

function dispatchMessage(
  core: EmulatorCore,
  event: GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate,
  record: MessageRecord,
  guild: GuildRecord | undefined,
): void {
  const message = messagePayload(record, core.botUserId);
  const member = guild?.members.get(message.author.id);
  const data: GatewayMessageCreateDispatchData = {
    ...message,
    // discord.js builds an uncached channel (a DM's, always) from this type; without it the message is dropped.
    channel_type: core.requireChannel(message.channel_id).type as TextChannelType,
    guild_id: guild?.id,
    member: member && !message.webhook_id ? withoutUser(memberPayload(core.world, member)) : undefined,
  };
  const redacted = keepsContent(core, message, guild)
    ? undefined
    : { ...data, content: '', embeds: [], attachments: [], components: [], poll: undefined };
  core.dispatch(event, data, { guildId: guild?.id, withoutMessageContent: redacted });
}

function withoutUser<T extends { user: APIUser }>(member: T): Omit<T, 'user'> {
  const { user: _user, ...rest } = member;
  return rest;
}

/** Throws 50001 Missing Access when the user cannot see the guild channel, as Discord does. */
export function requireChannelAccess(core: EmulatorCore, channel: ChannelRecord, userId: string): void {
  const guild = guildOf(core, channel);
  if (!guild) return;
  if (!(channelPermissions(core.world, guild, channel, userId) & PermissionFlagsBits.ViewChannel))
    throw missingAccess();
}

export function requireMessage(core: EmulatorCore, channelId: string, messageId: string): MessageRecord {
  core.requireChannel(channelId);
  const record = core.world.messagesByChannel.get(channelId)?.get(messageId);
  if (!record) throw unknownMessage();
  return record;
}

/** Edits a message's content/embeds/components/attachments; only its author may (50005). */
export function editMessage(
  core: EmulatorCore,
  channelId: string,
  messageId: string,
  editorId: string,
  body: MessageBody,
  files: UploadedFile[] = [],
): MessageRecord {
  const record = requireMessage(core, channelId, messageId);
  if (record.message.author.id !== editorId) throw cannotEditOtherUsersMessage();
  validateMessageBody(body);
  applyEdit(core, record, body, files);
  return record;
}

/** Applies an edit without the author check (interaction webhooks edit the application's messages). */
export function applyEdit(core: EmulatorCore, record: MessageRecord, body: MessageBody, files: UploadedFile[]): void {
  validateMessageBody(body);
  const message = record.message;
  if (body.content !== undefined) {
    message.content = body.content ?? '';
    message.mentions = mentionedUsers(core, message.content);
  }
  if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
  if (body.components !== undefined) message.components = body.components ?? [];
  if (body.flags !== undefined) message.flags = ((message.flags ?? 0) & MessageFlags.Ephemeral) | (body.flags ?? 0);
  if (body.attachments !== undefined || files.length > 0) {
    const kept = (body.attachments ?? []).map((attachment) => String(attachment.id));
    const retained = message.attachments.filter((attachment) => kept.includes(attachment.id));
    message.attachments = [...retained, ...buildAttachments(core, body, files, record)];
  }
  message.edited_timestamp = new Date().toISOString();
  const channel = core.requireChannel(message.channel_id);
  dispatchMessage(core, GatewayDispatchEvents.MessageUpdate, record, guildOf(core, channel));
  core.emit('messageUpdate', record);
}

/** Deletes a message: its author, or anyone with ManageMessages (audit-logged when it is someone else's). */
export function deleteMessage(
  core: EmulatorCore,
  channelId: string,
  messageId: string,
  actorId: string,
  reason?: string,
): void {
  const record = requireMessage(core, channelId, messageId);
  const channel = core.requireChannel(channelId);
  const guild = guildOf(core, channel);
  const authorId = record.message.author.id;
  if (authorId !== actorId) {
    if (!guild) throw cannotEditOtherUsersMessage();
    requirePermissions(core.world, guild, actorId, PermissionFlagsBits.ManageMessages, channel);
    core.audit(guild, {
      actionType: AuditLogEvent.MessageDelete,
      executorId: actorId,
      targetId: authorId,
      reason,
      options: { channel_id: channelId, count: '1' },
    });
  }
  removeMessage(core, channel, messageId);
}

/** Removes a stored message and dispatches MESSAGE_DELETE (no checks). */
export function removeMessage(core: EmulatorCore, channel: ChannelRecord, messageId: string): void {
  core.world.messagesByChannel.get(channel.id)?.delete(messageId);
  core.dispatch(
    GatewayDispatchEvents.MessageDelete,
    { id: messageId, channel_id: channel.id, guild_id: channel.guildId },
    { guildId: channel.guildId },
  );
}

/** Bulk delete: 2–100 ids, none older than 14 days (50034), ManageMessages; MESSAGE_DELETE_BULK. */
export function bulkDeleteMessages(
  core: EmulatorCore,
  channelId: string,
  messageIds: unknown,
  actorId: string,
  reason?: string,
): void {
  const channel = core.requireChannel(channelId);
  const guild = guildOf(core, channel);
  if (!guild) throw missingPermissions();
  requirePermissions(core.world, guild, actorId, PermissionFlagsBits.ManageMessages, channel);
  const errors = new FormErrors();
  if (!Array.isArray(messageIds)) {
    errors.add(['messages'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.throwIfAny();
    return;
  }
  if (messageIds.length < 2) errors.add(['messages'], 'BASE_TYPE_MIN_LENGTH', 'Must be 2 or more in length.');
  if (messageIds.length > 100) errors.add(['messages'], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  errors.throwIfAny();
  const ids = [...new Set(messageIds.map(String))];
  const now = Date.now();
  for (const id of ids) {
    if (now - Number((BigInt(id) >> 22n) + 1420070400000n) > FOURTEEN_DAYS_MS) throw bulkDeleteTooOld();
  }
  const messages = core.world.messagesByChannel.get(channelId);
  const deleted = ids.filter((id) => messages?.delete(id));
  core.dispatch(
    GatewayDispatchEvents.MessageDeleteBulk,
    { ids: deleted, channel_id: channelId, guild_id: guild.id },
    { guildId: guild.id },
  );
  core.audit(guild, {
    actionType: AuditLogEvent.MessageBulkDelete,
    executorId: actorId,
    targetId: channelId,
    reason,
    options: { count: String(deleted.length) },
  });
}

/** Lists messages newest first, like `GET /channels/{id}/messages` (limit 1–100, before/after/around). */
export function listMessages(
  core: EmulatorCore,
  channelId: string,
  viewerId: string,
  query: { limit?: string; before?: string; after?: string; around?: string },
): APIMessage[] {
  const channel = core.requireChannel(channelId);
  const guild = guildOf(core, channel);
  if (guild) {
    requireChannelAccess(core, channel, viewerId);
    requirePermissions(core.world, guild, viewerId, PermissionFlagsBits.ReadMessageHistory, channel);
  }
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    const errors = new FormErrors();
    errors.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
    errors.throwIfAny();
  }
  // Ephemeral interaction replies belong to their user, not to the channel's history: Discord never lists them.
  const records = [...(core.world.messagesByChannel.get(channelId)?.values() ?? [])].filter(
    (record) => ((record.message.flags ?? 0) & MessageFlags.Ephemeral) === 0,
  );
  const byId = (record: MessageRecord) => BigInt(record.message.id);
  let selected: MessageRecord[];
  if (query.after) {
    const after = BigInt(query.after);
    selected = records.filter((record) => byId(record) > after).slice(0, limit);
  } else if (query.around) {
    const around = BigInt(query.around);
    const older = records.filter((record) => byId(record) <= around);
    const newer = records.filter((record) => byId(record) > around);
    const half = Math.floor(limit / 2);
    selected = [...older.slice(-Math.max(limit - half, 1)), ...newer.slice(0, half)];
  } else {
    const before = query.before ? BigInt(query.before) : undefined;
    selected = records.filter((record) => before === undefined || byId(record) < before).slice(-limit);
  }
  return selected.reverse().map((record) => messagePayload(record, core.botUserId));
}

/** Parses a reaction emoji as sent in paths: a unicode emoji or `name:id`. */
export function parseEmoji(raw: string): APIPartialEmoji {
  const custom = /^a?:?([\w~-]+):(\d{17,20})$/.exec(raw);
  if (custom) return { id: custom[2], name: custom[1], animated: raw.startsWith('a:') };
  // Anything with a letter or digit is neither a unicode emoji nor a custom one.
  if (/^[\p{L}\p{N}_:]+$/u.test(raw)) throw unknownEmoji();
  return { id: null, name: raw };
}

function emojiKey(emoji: APIPartialEmoji): string {
  return emoji.id ?? emoji.name ?? '';
}

export function addReaction(core: EmulatorCore, channelId: string, messageId: string, userId: string, raw: string) {
  const record = requireMessage(core, channelId, messageId);
  const channel = core.requireChannel(channelId);
  const guild = guildOf(core, channel);
  const emoji = parseEmoji(raw);
  const key = emojiKey(emoji);
  const existing = record.reactions.get(key);
  if (guild) {
    const needed = PermissionFlagsBits.ReadMessageHistory | (existing ? 0n : PermissionFlagsBits.AddReactions);
    requirePermissions(core.world, guild, userId, needed | PermissionFlagsBits.ViewChannel, channel);
  }
  if (existing?.userIds.has(userId)) return;
  if (existing) existing.userIds.add(userId);
  else record.reactions.set(key, { emoji, userIds: new Set([userId]) });
  const member = guild?.members.get(userId);
  core.dispatch(
    GatewayDispatchEvents.MessageReactionAdd,
    {
      user_id: userId,
      channel_id: channelId,
      message_id: messageId,
      guild_id: guild?.id,
      member: member ? memberPayload(core.world, member) : undefined,
      emoji,
      message_author_id: record.message.author.id,
      burst: false,
      burst_colors: [],
      type: 0,
    },
    { guildId: guild?.id },
  );
}

/** Removes `userId`'s reaction; removing someone else's needs ManageMessages. */
export function removeReaction(
  core: EmulatorCore,
  channelId: string,
  messageId: string,
  actorId: string,
  userId: string,
  raw: string,
): void {
  const record = requireMessage(core, channelId, messageId);
  const channel = core.requireChannel(channelId);
  const guild = guildOf(core, channel);
  if (actorId !== userId) {
    if (!guild) throw missingPermissions();
    requirePermissions(core.world, guild, actorId, PermissionFlagsBits.ManageMessages, channel);
  }
  const emoji = parseEmoji(raw);
  const reaction = record.reactions.get(emojiKey(emoji));
  if (!reaction?.userIds.delete(userId)) return;
  if (reaction.userIds.size === 0) record.reactions.delete(emojiKey(emoji));
  core.dispatch(
    GatewayDispatchEvents.MessageReactionRemove,
    {
      user_id: userId,
      channel_id: channelId,
      message_id: messageId,
      guild_id: guild?.id,
      emoji: reaction.emoji,
      burst: false,
      type: 0,
    },
    { guildId: guild?.id },
  );
}

export function reactionUsers(core: EmulatorCore, channelId: string, messageId: string, raw: string): APIUser[] {
  const record = requireMessage(core, channelId, messageId);
  const reaction = record.reactions.get(emojiKey(parseEmoji(raw)));
  return [...(reaction?.userIds ?? [])].map((id) => core.requireUser(id));
}
