import { DiscordSnowflake } from '@sapphire/snowflake';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChannelType,
  GatewayDispatchEvents,
  OverwriteType,
  type APIApplicationCommand,
  type APIMessage,
  type APIRole,
  type APIUser,
} from 'discord-api-types/v10';
import { Actor } from './actor';
import { EmulatorCore, type RecordedRequest } from './core';
import { createChannel } from './ops/channels';
import { addMember, createRole, editRole, removeMember, setMemberRoles } from './ops/guilds';
import { memberPayload, newRole, newUser } from './payloads';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS } from './permissions';
import { allRoutes } from './rest';
import { Router, type RateLimitRule } from './rest/router';
import { World, type ChannelRecord, type GuildRecord, type MessageRecord } from './world';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  token: string;
  botUser?: { id?: string; username?: string };
  /** Shard count `GET /gateway/bot` recommends (default 1). */
  shardCount?: number;
  applicationId?: string;
  /** Interactions not acknowledged within this time get 10062 Unknown interaction (Discord: 3 s). */
  interactionAckTimeoutMs?: number;
  /** Per-route limit reported in X-RateLimit-* headers (default 10,000 per 1 s: never throttles tests). */
  rateLimit?: { limit: number; windowSeconds: number };
  /** The OAuth2 client secret of the application (default `emulator-client-secret`). */
  oauthClientSecret?: string;
}

export interface GuildOptions {
  name: string;
  ownerId: string;
  /** Permissions of the bot's "Bot" role (default: a moderation set without Administrator). */
  botPermissions?: bigint | string;
  /** Permissions of @everyone (default: Discord's defaults). */
  everyonePermissions?: bigint | string;
}

/** A created guild: its record plus the ids tests use most. */
export interface GuildHandle extends GuildRecord {
  everyoneRoleId: string;
  botRoleId: string;
}

export interface ChannelOptions {
  name: string;
  type?: ChannelType;
  parentId?: string;
  topic?: string;
  rateLimitPerUser?: number;
  permissionOverwrites?: { id: string; type: 'role' | 'member'; allow?: bigint | string; deny?: bigint | string }[];
}

export interface WaitForMessageOptions {
  channelId?: string;
  /** Default: the bot. Pass `null` for any author. */
  authorId?: string | null;
  predicate?: (message: APIMessage) => boolean;
  /**
   * Only messages created after this mark (`emu.mark()`). Default: the emulator's cursor, which moves to the start
   * of each actor action and past each message a wait returns, so consecutive waits return consecutive messages.
   */
  since?: number;
  timeoutMs?: number;
}

export interface RequestMatcher {
  method?: string;
  /** Matched against the route pattern (`/channels/:channelId/messages`) or, as RegExp, the decoded path. */
  route?: string;
  path?: RegExp | string;
}

export interface RateLimitOptions {
  method?: string;
  /** A RegExp tested on the decoded path (after /api/v10), or a route pattern / exact path. */
  path: RegExp | string;
  /** How many matching requests get a 429 (default 1). */
  count?: number;
  retryAfterSeconds?: number;
  global?: boolean;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** A local Discord (REST + gateway) for the real discord.js client, with a world-building and acting API for tests. */
export class Emulator {
  readonly world: World;
  /** The world's operations and services (used by actors and the benchmark). */
  readonly core: EmulatorCore;
  private readonly router: Router;
  private messageCursor = 0;
  private requestCursor = 0;

  private constructor(
    private readonly server: Server,
    core: EmulatorCore,
    options: EmulatorOptions,
  ) {
    this.core = core;
    this.world = core.world;
    this.router = new Router(
      core,
      allRoutes({ interactionAckTimeoutMs: options.interactionAckTimeoutMs ?? 3000 }),
      {
        rateLimitPerWindow: options.rateLimit?.limit ?? 10_000,
        rateLimitWindowSeconds: options.rateLimit?.windowSeconds ?? 1,
      },
      (request, response) => this.serveAttachment(request, response),
    );
  }

  static async start(options: EmulatorOptions): Promise<Emulator> {
    const world = new World();
    const botUserId = options.botUser?.id ?? DiscordSnowflake.generate().toString();
    const core = new EmulatorCore(world, {
      token: options.token,
      botUserId,
      applicationId: options.applicationId ?? botUserId,
      shardCount: options.shardCount ?? 1,
      oauthClientSecret: options.oauthClientSecret ?? 'emulator-client-secret',
    });
    world.users.set(botUserId, newUser(botUserId, options.botUser?.username ?? 'Emulated Bot', true));
    const server = createServer();
    const emulator = new Emulator(server, core, options);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const handled = core.oauth
        .handle(request, response)
        .then((oauth) => (oauth ? undefined : emulator.router.handle(request, response)));
      handled.catch((error: unknown) => {
        // A bug in the emulator itself: answer 500 and keep the message visible to the test run.
        console.error('emulator: request failed', error);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    server.on('upgrade', (request, socket, head) => core.gateway.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    core.baseUrl = `http://127.0.0.1:${port}`;
    core.gateway.resumeUrl = `ws://127.0.0.1:${port}`;
    return emulator;
  }

  /** The value for discord.js `rest.api`. */
  get apiUrl(): string {
    return `${this.core.baseUrl}/api`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get botUserId(): string {
    return this.core.botUserId;
  }

  get applicationId(): string {
    return this.core.config.applicationId;
  }

  /** The OAuth2 client secret the token exchange accepts (the application's client id is its id). */
  get oauthClientSecret(): string {
    return this.core.config.oauthClientSecret;
  }

  get botUser(): APIUser {
    return this.core.requireUser(this.botUserId);
  }

  /** Every REST request so far, oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.core.requests;
  }

  /**
   * Drops what the emulator has recorded — REST requests, messages and interactions — and keeps the world (users,
   * guilds, channels, commands). For long benches, between runs with nothing in flight: otherwise every request and
   * message of the run stays in memory, and the process's garbage collector pauses longer as it grows (pauses that
   * show up as latency in what the bench measures).
   */
  forgetHistory(): void {
    this.core.requests.length = 0;
    this.requestCursor = 0;
    for (const messages of this.world.messagesByChannel.values()) messages.clear();
    this.world.interactions.clear();
    this.world.interactionsByToken.clear();
  }

  /** Identified gateway sessions (one per connected shard). */
  get sessions(): { id: string; intents: number; shard: [number, number]; connected: boolean; seq: number }[] {
    return this.core.gateway.sessions.map((session) => ({
      id: session.id,
      intents: session.intents,
      shard: session.shard,
      connected: session.connection !== undefined,
      seq: session.seq,
    }));
  }

  async stop(): Promise<void> {
    await this.core.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // World building -------------------------------------------------------------------------------------------------

  createUser(options: { username: string; bot?: boolean; dmsClosed?: boolean; id?: string }): APIUser {
    const user = newUser(options.id ?? this.core.snowflake(), options.username, options.bot ?? false);
    this.world.users.set(user.id, user);
    if (options.dmsClosed) this.world.dmsClosed.add(user.id);
    return user;
  }

  /** Makes a user refuse (or accept again) DMs from the bot: sending then fails with 50007. */
  setDmsClosed(userId: string, closed: boolean): void {
    if (closed) this.world.dmsClosed.add(userId);
    else this.world.dmsClosed.delete(userId);
  }

  /**
   * Creates a guild owned by `ownerId` with the bot in it (role "Bot") and a #general channel;
   * connected sessions get GUILD_CREATE.
   */
  createGuild(options: GuildOptions): GuildHandle & { generalChannelId: string } {
    this.core.requireUser(options.ownerId);
    const id = this.core.snowflake();
    const everyone = newRole(id, '@everyone', BigInt(options.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS), 0);
    const botRole = newRole(this.core.snowflake(), 'Bot', BigInt(options.botPermissions ?? DEFAULT_BOT_PERMISSIONS), 1);
    botRole.tags = { bot_id: this.botUserId };
    botRole.managed = true;
    const now = new Date().toISOString();
    const guild: GuildRecord = {
      id,
      name: options.name,
      ownerId: options.ownerId,
      roles: new Map([
        [id, everyone],
        [botRole.id, botRole],
      ]),
      members: new Map([
        [
          options.ownerId,
          { userId: options.ownerId, nick: null, roles: [], joinedAt: now, communicationDisabledUntil: null },
        ],
        [
          this.botUserId,
          { userId: this.botUserId, nick: null, roles: [botRole.id], joinedAt: now, communicationDisabledUntil: null },
        ],
      ]),
      bans: new Map(),
      channelIds: new Set(),
      auditLog: [],
      commands: new Map(),
    };
    this.world.guilds.set(id, guild);
    const general = createChannel(this.core, id, { name: 'general' });
    this.core.guildJoined(id);
    return Object.assign(guild, { everyoneRoleId: id, botRoleId: botRole.id, generalChannelId: general.id });
  }

  createChannel(guildId: string, options: ChannelOptions): ChannelRecord {
    return createChannel(this.core, guildId, {
      name: options.name,
      type: options.type,
      parent_id: options.parentId,
      topic: options.topic,
      rate_limit_per_user: options.rateLimitPerUser,
      permission_overwrites: options.permissionOverwrites?.map((overwrite) => ({
        id: overwrite.id,
        type: overwrite.type === 'role' ? OverwriteType.Role : OverwriteType.Member,
        allow: BigInt(overwrite.allow ?? 0).toString(),
        deny: BigInt(overwrite.deny ?? 0).toString(),
      })),
    });
  }

  /** Creates a role (GUILD_ROLE_CREATE); by default just above @everyone, i.e. below the bot's role. */
  createRole(guildId: string, options: { name: string; permissions?: bigint | string; position?: number }): APIRole {
    return createRole(this.core, guildId, options);
  }

  addMember(
    guildId: string,
    userId: string,
    options: { roles?: string[]; joinedAt?: Date | string; nick?: string } = {},
  ) {
    return memberPayload(this.world, addMember(this.core, guildId, userId, options));
  }

  removeMember(guildId: string, userId: string): void {
    removeMember(this.core, this.core.requireGuild(guildId), userId);
  }

  setMemberRoles(guildId: string, userId: string, roleIds: string[]): void {
    setMemberRoles(this.core, guildId, userId, roleIds);
  }

  /** Sets the permissions of the bot's role (GUILD_ROLE_UPDATE). */
  setBotPermissions(guildId: string, permissions: bigint | string): void {
    const guild = this.core.requireGuild(guildId);
    const botRole = [...guild.roles.values()].find((role) => role.tags?.bot_id === this.botUserId);
    if (!botRole) throw new Error(`guild ${guildId} has no bot role`);
    editRole(this.core, guildId, botRole.id, { permissions });
  }

  /** An API to act as this user: send messages, run commands, click buttons… */
  actor(userId: string): Actor {
    this.core.requireUser(userId);
    return new Actor(this, userId);
  }

  /** Stores a message as if it had been sent at `timestamp` (e.g. 15 days ago), without dispatching anything. */
  backdateMessage(channelId: string, authorId: string, content: string, timestamp: Date | number): APIMessage {
    const channel = this.core.requireChannel(channelId);
    const time = new Date(timestamp).getTime();
    const id = this.core.snowflake(time);
    const message: APIMessage = {
      id,
      channel_id: channelId,
      author: this.core.requireUser(authorId),
      content,
      timestamp: new Date(time).toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
    };
    let messages = this.world.messagesByChannel.get(channel.id);
    if (!messages) {
      messages = new Map();
      this.world.messagesByChannel.set(channel.id, messages);
    }
    messages.set(id, { message, reactions: new Map(), seq: this.world.nextMessageSeq(), files: new Map() });
    return message;
  }

  // Waiting for the bot -----------------------------------------------------------------------------------------------

  /** The current message sequence: pass it as `since` to only see messages created from now on. */
  mark(): number {
    return this.world.lastMessageSeq;
  }

  /** Called by actors before acting, so waits that follow see everything the action caused. */
  markAction(): void {
    this.messageCursor = this.world.lastMessageSeq;
    this.requestCursor = this.core.requests.length;
  }

  /** Resolves with the first message (by default from the bot) created after `since` that matches. */
  async waitForMessage(options: WaitForMessageOptions = {}): Promise<APIMessage> {
    const since = options.since ?? this.messageCursor;
    const authorId = options.authorId === undefined ? this.botUserId : options.authorId;
    const matches = (record: MessageRecord) =>
      record.seq > since &&
      (options.channelId === undefined || record.message.channel_id === options.channelId) &&
      (authorId === null || record.message.author.id === authorId) &&
      (options.predicate?.(record.message) ?? true);
    const describe = [
      'a message',
      authorId === null ? '' : authorId === this.botUserId ? 'from the bot' : `from ${authorId}`,
      options.channelId ? `in channel ${options.channelId}` : '',
      options.predicate ? 'matching the predicate' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const record = await this.waitFor(
      () => this.findMessageRecord(matches),
      ['message'],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      describe,
    );
    this.messageCursor = Math.max(this.messageCursor, record.seq);
    return record.message;
  }

  /** Messages created after a mark, oldest first (deleted ones excluded). */
  messagesSince(mark: number): APIMessage[] {
    const records: MessageRecord[] = [];
    for (const messages of this.world.messagesByChannel.values()) {
      for (const record of messages.values()) if (record.seq > mark) records.push(record);
    }
    return records.sort((a, b) => a.seq - b.seq).map((record) => record.message);
  }

  /** Resolves with the first REST request after the cursor (see `waitForMessage`) that matches. */
  async waitForRequest(
    match: RequestMatcher | ((request: RecordedRequest) => boolean),
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<RecordedRequest> {
    const since = this.requestCursor;
    const predicate = typeof match === 'function' ? match : requestMatcher(match);
    const describe =
      typeof match === 'function'
        ? 'a request matching the predicate'
        : `a request ${match.method ?? '*'} ${match.route ?? match.path ?? '*'}`;
    const request = await this.waitFor(
      () => this.core.requests.slice(since).find(predicate),
      ['request'],
      timeoutMs,
      describe,
    );
    this.requestCursor = Math.max(this.requestCursor, request.index);
    return request;
  }

  /** Resolves once the bot has registered commands with these names (global or in `guildId`). */
  async waitForCommandsRegistered(
    names: string[] = [],
    options: { guildId?: string; timeoutMs?: number } = {},
  ): Promise<APIApplicationCommand[]> {
    const check = () => {
      const commands = this.world.commands(options.guildId);
      const registered = new Set(commands.map((command) => command.name));
      const complete = names.length === 0 ? commands.length > 0 : names.every((name) => registered.has(name));
      return complete ? commands : undefined;
    };
    return this.waitFor(
      check,
      ['request'],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      `commands registered${names.length ? `: ${names.join(', ')}` : ''}${options.guildId ? ` in guild ${options.guildId}` : ''}`,
    );
  }

  /** Polls `check` now and on each of `events` until it returns a value, or throws after the timeout. */
  async waitFor<T>(
    check: () => T | undefined,
    events: ('message' | 'messageUpdate' | 'request' | 'interactionUpdate')[],
    timeoutMs: number,
    description: string,
  ): Promise<T> {
    const immediate = check();
    if (immediate !== undefined) return immediate;
    return new Promise<T>((resolve, reject) => {
      const onEvent = () => {
        const value = check();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`emulator: timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        for (const event of events) this.core.off(event, onEvent);
      };
      for (const event of events) this.core.on(event, onEvent);
    });
  }

  private findMessageRecord(matches: (record: MessageRecord) => boolean): MessageRecord | undefined {
    let found: MessageRecord | undefined;
    for (const messages of this.world.messagesByChannel.values()) {
      for (const record of messages.values()) {
        if (matches(record) && (!found || record.seq < found.seq)) found = record;
      }
    }
    return found;
  }

  // Test utilities ------------------------------------------------------------------------------------------------------

  /** Sends op 7 Reconnect: the client reconnects and resumes. */
  forceReconnect(sessionIndex?: number): void {
    this.core.gateway.requestReconnect(sessionIndex);
  }

  /** Sends op 9 Invalid Session; unless `resumable`, the client must identify again (after its 5 s throttle). */
  invalidateSession(options: { resumable?: boolean; sessionIndex?: number } = {}): void {
    this.core.gateway.invalidateSession(options.resumable ?? false, options.sessionIndex);
  }

  /** Closes every gateway socket abnormally: clients resume and get the events they missed. */
  dropConnections(): void {
    this.core.gateway.dropConnections();
  }

  /**
   * Discord announces an audit-log entry about when it sends the event itself, before or after it: the next `count`
   * entries reach the gateway `delayMs` after their event (they are in the audit log at once, for REST reads).
   */
  delayAuditLogEntries(delayMs: number, count = 1): void {
    for (let index = 0; index < count; index += 1) this.core.auditEntryDelays.push(delayMs);
  }

  /** Answers the next `count` matching REST requests with 429 and `Retry-After`. */
  rateLimitNext(options: RateLimitOptions): void {
    const rule: RateLimitRule = {
      method: options.method,
      path: options.path,
      remaining: options.count ?? 1,
      retryAfterSeconds: options.retryAfterSeconds ?? 1,
      global: options.global,
    };
    this.router.rateLimitRules.push(rule);
  }

  /**
   * Benchmark mode: pushes `count` MESSAGE_CREATE dispatches from `authorId` in `channelId` to the session of the
   * channel's guild (its shard), waiting whenever a socket's send buffer fills up. The messages are not stored in the
   * world.
   */
  async pushMessages(
    channelId: string,
    count: number,
    options: { authorId: string; content?: (index: number) => string },
  ): Promise<void> {
    const channel = this.core.requireChannel(channelId);
    const author = this.core.requireUser(options.authorId);
    const guild = channel.guildId ? this.core.requireGuild(channel.guildId) : undefined;
    const member = guild?.members.get(author.id);
    const { user: _user, ...memberWithoutUser } = member ? memberPayload(this.world, member) : { user: undefined };
    const content = options.content ?? ((index: number) => `message ${index}`);
    const timestamp = new Date().toISOString();
    await this.core.gateway.pushFrames(
      GatewayDispatchEvents.MessageCreate,
      (index) => {
        const message = {
          id: this.core.snowflake(),
          channel_id: channelId,
          guild_id: guild?.id,
          author,
          member: member ? memberWithoutUser : undefined,
          content: content(index),
          timestamp,
          edited_timestamp: null,
          tts: false,
          mention_everyone: false,
          mentions: [],
          mention_roles: [],
          attachments: [],
          embeds: [],
          pinned: false,
          type: 0,
        };
        return JSON.stringify(message);
      },
      count,
      () => guild?.id,
    );
  }

  /** Serves attachment bytes at the URL given in message payloads. */
  private serveAttachment(request: IncomingMessage, response: ServerResponse): boolean {
    const optionFile = /^\/ephemeral-attachments\/\d+\/(\d+)\//.exec(request.url ?? '');
    if (optionFile) {
      const file = this.world.optionFiles.get(optionFile[1]!);
      if (!file) response.writeHead(404).end();
      else response.writeHead(200, { 'Content-Type': file.contentType }).end(file.data);
      return true;
    }
    const match = /^\/attachments\/(\d+)\/(\d+)\//.exec(request.url ?? '');
    if (!match) return false;
    const record = [...(this.world.messagesByChannel.get(match[1])?.values() ?? [])].find((candidate) =>
      candidate.files.has(match[2]),
    );
    const file = record?.files.get(match[2]);
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { 'Content-Type': file.contentType }).end(file.data);
    return true;
  }
}

function requestMatcher(match: RequestMatcher): (request: RecordedRequest) => boolean {
  return (request) =>
    (match.method === undefined || request.method === match.method.toUpperCase()) &&
    (match.route === undefined || request.route === match.route) &&
    (match.path === undefined ||
      (typeof match.path === 'string' ? request.path === match.path : match.path.test(request.path)));
}
