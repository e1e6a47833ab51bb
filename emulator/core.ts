import { EventEmitter } from 'node:events';
import { DiscordSnowflake } from '@sapphire/snowflake';
import {
  GatewayDispatchEvents,
  GatewayIntentBits,
  type APIAuditLogChange,
  type APIAuditLogEntry,
  type APIAuditLogOptions,
  type AuditLogEvent,
  type GatewayRequestGuildMembersData,
} from 'discord-api-types/v10';
import { unknownChannel, unknownGuild, unknownMember, unknownUser } from './errors';
import { Gateway, type DispatchData, type DispatchOptions, type GatewayHost, type GatewaySession } from './gateway';
import { OAuth2Server } from './oauth';
import { guildCreatePayload, memberPayload, NO_FLAGS, unavailableGuild } from './payloads';
import type { ChannelRecord, GuildRecord, InteractionRecord, MemberRecord, MessageRecord, World } from './world';

/** One REST request as the emulator saw it. */
export interface RecordedRequest {
  /** Position in the log, from 1. */
  index: number;
  method: string;
  /** Decoded path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** The route pattern it matched, e.g. `/channels/:channelId/messages`; undefined for unknown routes. */
  route?: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body (`payload_json` for multipart requests). */
  body: unknown;
  /** File names of multipart uploads. */
  files: string[];
  /** The decoded `X-Audit-Log-Reason` header. */
  reason?: string;
  status: number;
  /** The JSON response body, if any. */
  response?: unknown;
  time: number;
}

interface CoreEvents {
  message: [MessageRecord];
  messageUpdate: [MessageRecord];
  request: [RecordedRequest];
  interactionUpdate: [InteractionRecord];
  /** Every gateway event the world dispatches (whether or not a session receives it): for live views of the world. */
  dispatch: [GatewayDispatchEvents, unknown];
}

export interface CoreConfig {
  token: string;
  botUserId: string;
  applicationId: string;
  shardCount: number;
  /** The application's OAuth2 client secret (the token exchange checks it). */
  oauthClientSecret: string;
}

export interface AuditEntryInput {
  actionType: AuditLogEvent;
  executorId: string;
  targetId?: string | null;
  reason?: string;
  changes?: APIAuditLogChange[];
  options?: APIAuditLogOptions;
}

/** Shared state and services of a running emulator: the world, the gateway, ids, audit log, notifications. */
export class EmulatorCore extends EventEmitter<CoreEvents> implements GatewayHost {
  readonly gateway: Gateway;
  /** Discord login for web apps (the bot's dashboard): authorize, token exchange, bearer tokens. */
  readonly oauth: OAuth2Server;
  readonly requests: RecordedRequest[] = [];
  /** Audit-log entries still to be announced late: each takes the first delay (ms) off the list. */
  readonly auditEntryDelays: number[] = [];
  /** Base URL (`http://127.0.0.1:PORT`), known once listening. */
  baseUrl = '';

  constructor(
    readonly world: World,
    readonly config: CoreConfig,
  ) {
    super();
    this.setMaxListeners(0);
    this.gateway = new Gateway(this);
    this.oauth = new OAuth2Server(this, config.oauthClientSecret);
  }

  get token(): string {
    return this.config.token;
  }

  get botUserId(): string {
    return this.config.botUserId;
  }

  snowflake(timestamp?: number): string {
    return DiscordSnowflake.generate(timestamp === undefined ? {} : { timestamp }).toString();
  }

  dispatch<E extends GatewayDispatchEvents>(event: E, data: DispatchData<E>, options?: DispatchOptions): void {
    this.gateway.dispatch(event, data, options);
    this.emit('dispatch', event, data);
  }

  requireGuild(guildId: string): GuildRecord {
    const guild = this.world.guild(guildId);
    if (!guild) throw unknownGuild();
    return guild;
  }

  requireChannel(channelId: string): ChannelRecord {
    const channel = this.world.channel(channelId);
    if (!channel) throw unknownChannel();
    return channel;
  }

  requireMember(guild: GuildRecord, userId: string): MemberRecord {
    const member = guild.members.get(userId);
    if (!member) throw unknownMember();
    return member;
  }

  requireUser(userId: string) {
    const user = this.world.users.get(userId);
    if (!user) throw unknownUser();
    return user;
  }

  /** Records an audit log entry and dispatches GUILD_AUDIT_LOG_ENTRY_CREATE. */
  audit(guild: GuildRecord, input: AuditEntryInput): APIAuditLogEntry {
    const entry: APIAuditLogEntry = {
      id: this.snowflake(),
      action_type: input.actionType,
      user_id: input.executorId,
      target_id: input.targetId ?? null,
      reason: input.reason,
      changes: input.changes,
      options: input.options,
    };
    guild.auditLog.push(entry);
    const announce = () =>
      this.dispatch(
        GatewayDispatchEvents.GuildAuditLogEntryCreate,
        { ...entry, guild_id: guild.id },
        { guildId: guild.id },
      );
    const delayMs = this.auditEntryDelays.shift();
    if (delayMs === undefined) announce();
    else setTimeout(announce, delayMs);
    return entry;
  }

  // GatewayHost
  readyData(session: GatewaySession, resumeUrl: string): DispatchData<GatewayDispatchEvents.Ready> {
    return {
      v: 10,
      user: this.requireUser(this.botUserId),
      guilds: this.guildIds()
        .filter((guildId) => session.servesGuild(guildId))
        .map(unavailableGuild),
      session_id: session.id,
      resume_gateway_url: resumeUrl,
      shard: session.shard,
      application: { id: this.config.applicationId, flags: NO_FLAGS, flags_new: '0' },
    };
  }

  guildIds(): string[] {
    return [...this.world.guilds.keys()];
  }

  guildCreateData(guildId: string, intents: number): DispatchData<GatewayDispatchEvents.GuildCreate> {
    return guildCreatePayload(this.world, this.requireGuild(guildId), { botUserId: this.botUserId, intents });
  }

  /** The bot joined a guild: each session gets a GUILD_CREATE built for it; live views get the full member list. */
  guildJoined(guildId: string): void {
    this.gateway.sendGuildCreate(guildId);
    const full = this.guildCreateData(guildId, GatewayIntentBits.GuildPresences);
    this.emit('dispatch', GatewayDispatchEvents.GuildCreate, full);
  }

  membersChunk(request: GatewayRequestGuildMembersData): DispatchData<GatewayDispatchEvents.GuildMembersChunk>[] {
    const guild = this.world.guild(request.guild_id);
    if (!guild) return [];
    let members = [...guild.members.values()];
    if ('user_ids' in request && request.user_ids !== undefined) {
      const wanted = new Set([request.user_ids].flat());
      members = members.filter((member) => wanted.has(member.userId));
    } else if ('query' in request && request.query) {
      const query = request.query.toLowerCase();
      members = members.filter((member) =>
        this.world.users.get(member.userId)?.username.toLowerCase().startsWith(query),
      );
    }
    if ('limit' in request && request.limit) members = members.slice(0, request.limit);
    const chunkSize = 1000;
    const chunkCount = Math.max(1, Math.ceil(members.length / chunkSize));
    return Array.from({ length: chunkCount }, (_, chunkIndex) => ({
      guild_id: guild.id,
      members: members
        .slice(chunkIndex * chunkSize, (chunkIndex + 1) * chunkSize)
        .map((member) => memberPayload(this.world, member)),
      chunk_index: chunkIndex,
      chunk_count: chunkCount,
      nonce: request.nonce,
    }));
  }
}
