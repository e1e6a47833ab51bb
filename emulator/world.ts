import type {
  APIApplicationCommand,
  APIAuditLogEntry,
  APIMessage,
  APIModalInteractionResponseCallbackData,
  APIOverwrite,
  APIPartialEmoji,
  APIRole,
  APIUser,
  ChannelType,
  InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';

/** A guild member as the emulator keeps it; payloads.ts turns it into an APIGuildMember. */
export interface MemberRecord {
  userId: string;
  nick: string | null;
  roles: string[];
  joinedAt: string;
  communicationDisabledUntil: string | null;
  /** The member's server avatar hash (null or absent: none). */
  avatar?: string | null;
  /** Server mute and deafen, set by moderators (apply while in voice). */
  mute?: boolean;
  deaf?: boolean;
}

/** A member connected to a voice channel. */
export interface VoiceStateRecord {
  userId: string;
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface BanRecord {
  userId: string;
  reason: string | null;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  /** Keyed by role id; the @everyone role has the guild's id. */
  roles: Map<string, APIRole>;
  members: Map<string, MemberRecord>;
  bans: Map<string, BanRecord>;
  /** Ids of the guild's channels and threads, in creation order. */
  channelIds: Set<string>;
  auditLog: APIAuditLogEntry[];
  commands: Map<string, APIApplicationCommand>;
  /** Members connected to voice, by user id (created on first use). */
  voiceStates?: Map<string, VoiceStateRecord>;
}

/** Any channel: guild text/voice/category, thread or DM. Fields not meaningful for a type stay undefined. */
export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guildId?: string;
  name?: string;
  topic?: string | null;
  position: number;
  parentId?: string | null;
  permissionOverwrites: APIOverwrite[];
  rateLimitPerUser: number;
  nsfw: boolean;
  lastMessageId: string | null;
  /** DM channels: the other user. */
  recipientId?: string;
  /** Threads. */
  ownerId?: string;
  archived?: boolean;
  locked?: boolean;
  autoArchiveDuration?: number;
  threadMemberIds?: Set<string>;
  messageCount?: number;
  createdAt: string;
}

export interface ReactionRecord {
  emoji: APIPartialEmoji;
  userIds: Set<string>;
}

/** A stored message: the Discord payload plus what the emulator needs around it. */
export interface MessageRecord {
  message: APIMessage;
  reactions: Map<string, ReactionRecord>;
  /** World-wide creation order, used by waitForMessage cursors. */
  seq: number;
  /** Binary content of attachments, served at their `url`. */
  files: Map<string, { data: Buffer; contentType: string }>;
}

export type InteractionCallbackRecord =
  | { type: InteractionResponseType.Modal; data: APIModalInteractionResponseCallbackData }
  | { type: Exclude<InteractionResponseType, InteractionResponseType.Modal>; data: unknown };

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  userId: string;
  channelId: string;
  guildId?: string;
  /** For component interactions: the message the component is on. */
  sourceMessageId?: string;
  commandName?: string;
  response?: InteractionCallbackRecord;
  /** The message behind `@original`, once there is one. */
  originalMessageId?: string;
  followUpMessageIds: string[];
  createdAt: number;
}

/** The emulator's in-memory state. Plain data: the operations in `ops/` change it and dispatch gateway events. */
export class World {
  readonly users = new Map<string, APIUser>();
  /** Users who refuse DMs from the bot (50007). */
  readonly dmsClosed = new Set<string>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messagesByChannel = new Map<string, Map<string, MessageRecord>>();
  readonly globalCommands = new Map<string, APIApplicationCommand>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  /** DM channel id by recipient user id. */
  readonly dmChannelByUser = new Map<string, string>();
  /** Files attached to slash command options, by attachment id: uploaded before the command, tied to no message. */
  readonly optionFiles = new Map<string, { data: Buffer; contentType: string }>();
  private messageSeq = 0;

  nextMessageSeq(): number {
    this.messageSeq += 1;
    return this.messageSeq;
  }

  /** The sequence number of the newest message: a mark for `waitForMessage({ since })`. */
  get lastMessageSeq(): number {
    return this.messageSeq;
  }

  /** Messages of a channel, oldest first. */
  messages(channelId: string): APIMessage[] {
    return [...(this.messagesByChannel.get(channelId)?.values() ?? [])].map((record) => record.message);
  }

  message(channelId: string, messageId: string): APIMessage | undefined {
    return this.messagesByChannel.get(channelId)?.get(messageId)?.message;
  }

  /** Finds a message by id in any channel. */
  findMessage(messageId: string): MessageRecord | undefined {
    for (const messages of this.messagesByChannel.values()) {
      const record = messages.get(messageId);
      if (record) return record;
    }
    return undefined;
  }

  guild(guildId: string): GuildRecord | undefined {
    return this.guilds.get(guildId);
  }

  member(guildId: string, userId: string): MemberRecord | undefined {
    return this.guilds.get(guildId)?.members.get(userId);
  }

  members(guildId: string): MemberRecord[] {
    return [...(this.guilds.get(guildId)?.members.values() ?? [])];
  }

  roles(guildId: string): APIRole[] {
    return [...(this.guilds.get(guildId)?.roles.values() ?? [])];
  }

  bans(guildId: string): BanRecord[] {
    return [...(this.guilds.get(guildId)?.bans.values() ?? [])];
  }

  channel(channelId: string): ChannelRecord | undefined {
    return this.channels.get(channelId);
  }

  /** The guild's channels and threads, in creation order. */
  guildChannels(guildId: string): ChannelRecord[] {
    const guild = this.guilds.get(guildId);
    if (!guild) return [];
    return [...guild.channelIds].map((id) => this.channels.get(id)).filter((channel) => channel !== undefined);
  }

  /** Audit log entries of a guild, newest first (the order Discord returns them in). */
  auditLog(guildId: string): APIAuditLogEntry[] {
    return [...(this.guilds.get(guildId)?.auditLog ?? [])].reverse();
  }

  /** Application commands the bot registered: global ones, or a guild's when `guildId` is given. */
  commands(guildId?: string): APIApplicationCommand[] {
    const commands = guildId ? this.guilds.get(guildId)?.commands : this.globalCommands;
    return [...(commands?.values() ?? [])];
  }
}
