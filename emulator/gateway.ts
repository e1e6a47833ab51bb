import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayDispatchPayload,
  type GatewayIdentifyData,
  type GatewayRequestGuildMembersData,
  type GatewayResumeData,
  type GatewaySendPayload,
} from 'discord-api-types/v10';
import { WebSocketServer, type WebSocket } from 'ws';

export type DispatchData<E extends GatewayDispatchEvents> = Extract<GatewayDispatchPayload, { t: E }>['d'];

/** Which intent a guild (and DM) event needs; events not listed always pass, as on Discord. */
const EVENT_INTENTS: Partial<Record<GatewayDispatchEvents, { guild: number; dm?: number }>> = {};
function gate(events: GatewayDispatchEvents[], guild: number, dm?: number): void {
  for (const event of events) EVENT_INTENTS[event] = { guild, dm };
}
gate(
  [
    GatewayDispatchEvents.GuildCreate,
    GatewayDispatchEvents.GuildUpdate,
    GatewayDispatchEvents.GuildDelete,
    GatewayDispatchEvents.GuildRoleCreate,
    GatewayDispatchEvents.GuildRoleUpdate,
    GatewayDispatchEvents.GuildRoleDelete,
    GatewayDispatchEvents.ChannelCreate,
    GatewayDispatchEvents.ChannelUpdate,
    GatewayDispatchEvents.ChannelDelete,
    GatewayDispatchEvents.ThreadCreate,
    GatewayDispatchEvents.ThreadUpdate,
    GatewayDispatchEvents.ThreadDelete,
    GatewayDispatchEvents.ThreadListSync,
    GatewayDispatchEvents.ThreadMemberUpdate,
    GatewayDispatchEvents.ThreadMembersUpdate,
  ],
  GatewayIntentBits.Guilds,
);
gate([GatewayDispatchEvents.ChannelPinsUpdate], GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages);
gate(
  [
    GatewayDispatchEvents.GuildMemberAdd,
    GatewayDispatchEvents.GuildMemberUpdate,
    GatewayDispatchEvents.GuildMemberRemove,
  ],
  GatewayIntentBits.GuildMembers,
);
gate(
  [
    GatewayDispatchEvents.GuildBanAdd,
    GatewayDispatchEvents.GuildBanRemove,
    GatewayDispatchEvents.GuildAuditLogEntryCreate,
  ],
  GatewayIntentBits.GuildModeration,
);
gate(
  [
    GatewayDispatchEvents.MessageCreate,
    GatewayDispatchEvents.MessageUpdate,
    GatewayDispatchEvents.MessageDelete,
    GatewayDispatchEvents.MessageDeleteBulk,
  ],
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
);
gate(
  [
    GatewayDispatchEvents.MessageReactionAdd,
    GatewayDispatchEvents.MessageReactionRemove,
    GatewayDispatchEvents.MessageReactionRemoveAll,
    GatewayDispatchEvents.MessageReactionRemoveEmoji,
  ],
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.DirectMessageReactions,
);
gate([GatewayDispatchEvents.VoiceStateUpdate], GatewayIntentBits.GuildVoiceStates);
gate([GatewayDispatchEvents.TypingStart], GatewayIntentBits.GuildMessageTyping, GatewayIntentBits.DirectMessageTyping);

export interface DispatchOptions {
  /** The guild the event belongs to: decides the shard and the guild/DM intent. */
  guildId?: string;
  /** What sessions without the MessageContent intent receive instead of `d`. */
  withoutMessageContent?: unknown;
}

/** Dispatches kept per session for RESUME; older ones are dropped and resuming before them invalidates the session. */
const RESUME_BUFFER_LIMIT = 5000;
/** Frames above this many buffered bytes make `pushFrames` wait, so the emulator never outruns the client. */
const BACKPRESSURE_BYTES = 1 << 20;
/** A session's push loop lets the others run after this many frames (see `pushToEachSession`). */
const PUSH_YIELD_FRAMES = 1000;

/** One WebSocket connection and how its frames are encoded. */
class Connection {
  private deflate?: zlib.Deflate;
  private deflateQueue: Promise<void> = Promise.resolve();
  /** Set when IDENTIFY asked for `compress: true` (per-message zlib, used when zlib-sync is missing). */
  identifyCompress = false;
  session?: GatewaySession;

  private held = false;

  constructor(
    readonly socket: WebSocket,
    /** The TCP stream under `socket`, corked while a benchmark push batches frames (see `hold`). */
    private readonly stream: Duplex,
    zlibStream: boolean,
  ) {
    if (zlibStream) this.deflate = zlib.createDeflate();
  }

  /**
   * Frames sent until `release` go out in one write. A benchmark push whose client keeps up otherwise costs a write
   * (a system call in the emulator, a read in the client) for every frame: with two shard connections that doubled
   * the emulator's system CPU against one connection whose client fell behind (its frames queued and went out
   * together), so the emulator, sharing the machine with the bot, weighed on the bot's figures.
   */
  hold(): void {
    if (this.held) return;
    this.held = true;
    this.stream.cork();
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    this.stream.uncork();
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(frame: string): void {
    if (!this.open) return;
    const deflate = this.deflate;
    if (deflate) {
      // One zlib context for the whole connection; each frame is flushed with Z_SYNC_FLUSH so it ends in 00 00 ff ff.
      this.deflateQueue = this.deflateQueue.then(() => this.deflateFrame(deflate, frame));
    } else if (this.identifyCompress) {
      this.socket.send(zlib.deflateSync(frame));
    } else {
      this.socket.send(frame);
    }
  }

  private deflateFrame(deflate: zlib.Deflate, frame: string): Promise<void> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const collect = (chunk: Buffer) => chunks.push(chunk);
      deflate.on('data', collect);
      deflate.write(frame);
      deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        deflate.off('data', collect);
        if (this.open) this.socket.send(Buffer.concat(chunks));
        resolve();
      });
    });
  }

  close(code: number): void {
    this.socket.close(code);
  }
}

/** An identified gateway session; it outlives its connection so a client can RESUME it. */
export class GatewaySession {
  seq = 0;
  connection?: Connection;
  private readonly sentFrames: { seq: number; frame: string }[] = [];

  constructor(
    readonly id: string,
    readonly intents: number,
    readonly shard: [number, number],
  ) {}

  hasIntent(intent: number): boolean {
    return (this.intents & intent) === intent;
  }

  /** Whether the session receives events of this guild (its shard); DMs go to shard 0. */
  servesGuild(guildId: string | undefined): boolean {
    const [shardId, shardCount] = this.shard;
    if (guildId === undefined) return shardId === 0;
    if (shardCount === 1) return true;
    // Remembered: benchmark pushes ask for every frame.
    let serves = this.servedGuilds.get(guildId);
    if (serves === undefined) {
      serves = Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) === shardId;
      this.servedGuilds.set(guildId, serves);
    }
    return serves;
  }

  private readonly servedGuilds = new Map<string, boolean>();

  /** Numbers, records and (if connected) sends a dispatch. */
  dispatch(event: string, serializedData: string): void {
    this.seq += 1;
    const frame = `{"op":0,"t":"${event}","s":${this.seq},"d":${serializedData}}`;
    this.sentFrames.push({ seq: this.seq, frame });
    // Trim in batches: shifting one at a time would be O(n) per dispatch.
    if (this.sentFrames.length > RESUME_BUFFER_LIMIT * 2) this.sentFrames.splice(0, RESUME_BUFFER_LIMIT);
    this.connection?.send(frame);
  }

  /** Frames after `seq`, or undefined if some of them are no longer kept. */
  framesAfter(seq: number): string[] | undefined {
    const oldest = this.sentFrames[0]?.seq ?? this.seq + 1;
    if (seq + 1 < oldest) return undefined;
    return this.sentFrames.filter((entry) => entry.seq > seq).map((entry) => entry.frame);
  }
}

export interface GatewayHost {
  token: string;
  /** Data for READY, built for one session. */
  readyData(session: GatewaySession, resumeUrl: string): DispatchData<GatewayDispatchEvents.Ready>;
  /** Guild ids the bot is in (READY stubs and GUILD_CREATEs). */
  guildIds(): string[];
  guildCreateData(guildId: string, intents: number): DispatchData<GatewayDispatchEvents.GuildCreate>;
  membersChunk(request: GatewayRequestGuildMembersData): DispatchData<GatewayDispatchEvents.GuildMembersChunk>[];
}

/** The gateway half of the emulator: WebSocket sessions on the REST server's port. */
export class Gateway {
  private readonly server = new WebSocketServer({ noServer: true });
  readonly sessions: GatewaySession[] = [];
  private readonly connections = new Set<Connection>();
  resumeUrl = '';

  constructor(private readonly host: GatewayHost) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    this.server.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(ws, socket, query.get('compress') === 'zlib-stream');
      this.connections.add(connection);
      ws.on('message', (raw) => this.onMessage(connection, raw.toString()));
      ws.on('close', (code) => this.onClose(connection, code));
      ws.on('error', () => ws.terminate());
      connection.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    });
  }

  /** Sends an event to every session that should get it (shard and intents), as Discord would. */
  dispatch<E extends GatewayDispatchEvents>(event: E, data: DispatchData<E>, options: DispatchOptions = {}): void {
    const intents = EVENT_INTENTS[event];
    const required = intents ? (options.guildId === undefined ? intents.dm : intents.guild) : undefined;
    let full: string | undefined;
    let redacted: string | undefined;
    for (const session of this.sessions) {
      if (!session.servesGuild(options.guildId)) continue;
      if (required !== undefined && !session.hasIntent(required)) continue;
      if (options.withoutMessageContent !== undefined && !session.hasIntent(GatewayIntentBits.MessageContent)) {
        redacted ??= JSON.stringify(options.withoutMessageContent);
        session.dispatch(event, redacted);
      } else {
        full ??= JSON.stringify(data);
        session.dispatch(event, full);
      }
    }
  }

  /**
   * Pushes pre-serialized dispatches to the session of each one's guild (`guildOf`; its shard, as {@link dispatch}
   * chooses) as fast as each socket drains (benchmark mode: nothing is stored in the world).
   */
  async pushFrames(
    event: GatewayDispatchEvents,
    serializedData: (index: number) => string,
    count: number,
    guildOf: (index: number) => string | undefined,
  ) {
    await this.pushToEachSession(count, guildOf, serializedData, (session, data) => session.dispatch(event, data));
  }

  /**
   * {@link pushFrames} for a mix of events (benchmark mode): `frame(index)` gives each dispatch's event and
   * pre-serialized data, `guildOf(index)` its guild. Each index's frame is asked for once, and within the sessions of a
   * guild in increasing order.
   */
  async pushDispatches(
    frame: (index: number) => [GatewayDispatchEvents, string],
    count: number,
    guildOf: (index: number) => string | undefined,
  ) {
    await this.pushToEachSession(count, guildOf, frame, (session, [event, data]) => session.dispatch(event, data));
  }

  /**
   * Benchmark pushes: one loop per session, each waiting only for its own socket. Discord's shards are separate
   * connections; one loop for all of them held every shard's frames whenever the next frame's shard was behind, so a
   * bot of two shard processes on a busy machine took ~20 % longer than one process for the same frames, its
   * processes idle most of the run. Each loop yields now and then, so one whose socket never fills does not run to
   * its end before the others start. A frame that several sessions serve (more than one connection for a shard) is
   * made once, by the first loop to reach it, and kept until the last has sent it: a message has one id everywhere.
   */
  private async pushToEachSession<Frame>(
    count: number,
    guildOf: (index: number) => string | undefined,
    make: (index: number) => Frame,
    send: (session: GatewaySession, frame: Frame) => void,
  ) {
    const shared = new Map<number, { frame: Frame; left: number }>();
    const frameFor = (index: number, guildId: string | undefined): Frame => {
      const kept = shared.get(index);
      if (kept) {
        if ((kept.left -= 1) === 0) shared.delete(index);
        return kept.frame;
      }
      const frame = make(index);
      const sessions = this.sessions.filter((session) => session.servesGuild(guildId)).length;
      if (sessions > 1) shared.set(index, { frame, left: sessions - 1 });
      return frame;
    };
    await Promise.all(
      this.sessions.map(async (session) => {
        let sent = 0;
        // The connection corked last: a client that reconnects mid-push leaves its old one, which must not stay corked.
        let holding: Connection | undefined;
        for (let index = 0; index < count; index += 1) {
          const guildId = guildOf(index);
          if (!session.servesGuild(guildId)) continue;
          const connection = session.connection;
          const socket = connection?.socket;
          while (socket && socket.readyState === socket.OPEN && socket.bufferedAmount > BACKPRESSURE_BYTES) {
            connection!.release();
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          if (holding !== connection) holding?.release();
          holding = connection;
          connection?.hold();
          send(session, frameFor(index, guildId));
          if ((sent += 1) % PUSH_YIELD_FRAMES === 0) {
            connection?.release();
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        holding?.release();
      }),
    );
  }

  /** Op 7 to a session: the client reconnects and resumes. */
  requestReconnect(sessionIndex?: number): void {
    for (const session of this.pick(sessionIndex)) {
      session.connection?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
    }
  }

  /** Op 9: with `resumable` false the session is forgotten and the client must identify again. */
  invalidateSession(resumable: boolean, sessionIndex?: number): void {
    for (const session of this.pick(sessionIndex)) {
      session.connection?.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null }));
      if (!resumable) this.forget(session);
    }
  }

  /** Closes every socket abnormally (like a network failure): sessions stay resumable. */
  dropConnections(): void {
    for (const connection of this.connections) connection.socket.terminate();
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.terminate();
    this.sessions.length = 0;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pick(sessionIndex?: number): GatewaySession[] {
    if (sessionIndex === undefined) return [...this.sessions];
    const session = this.sessions[sessionIndex];
    if (!session) throw new Error(`no gateway session #${sessionIndex} (there are ${this.sessions.length})`);
    return [session];
  }

  private forget(session: GatewaySession): void {
    const index = this.sessions.indexOf(session);
    if (index >= 0) this.sessions.splice(index, 1);
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    const session = connection.session;
    if (!session || session.connection !== connection) return;
    session.connection = undefined;
    // A client closing normally ends its session, as on Discord; any other close keeps it resumable.
    if (code === 1000 || code === 1001) this.forget(session);
  }

  private onMessage(connection: Connection, raw: string): void {
    let payload: GatewaySendPayload;
    try {
      payload = JSON.parse(raw) as GatewaySendPayload;
    } catch {
      connection.close(GatewayCloseCodes.DecodeError);
      return;
    }
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        connection.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
        break;
      case GatewayOpcodes.Identify:
        this.identify(connection, payload.d);
        break;
      case GatewayOpcodes.Resume:
        this.resume(connection, payload.d);
        break;
      case GatewayOpcodes.RequestGuildMembers:
        if (connection.session) this.requestMembers(connection.session, payload.d);
        else connection.close(GatewayCloseCodes.NotAuthenticated);
        break;
      default:
        // Presence and voice updates change nothing the emulator models.
        if (!connection.session) connection.close(GatewayCloseCodes.NotAuthenticated);
    }
  }

  private identify(connection: Connection, identify: GatewayIdentifyData): void {
    if (connection.session) {
      connection.close(GatewayCloseCodes.AlreadyAuthenticated);
      return;
    }
    if (identify.token.replace(/^Bot /, '') !== this.host.token) {
      connection.close(GatewayCloseCodes.AuthenticationFailed);
      return;
    }
    const shard = identify.shard ?? [0, 1];
    if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      connection.close(GatewayCloseCodes.InvalidShard);
      return;
    }
    connection.identifyCompress = identify.compress === true;
    const session = new GatewaySession(randomBytes(16).toString('hex'), identify.intents, shard);
    session.connection = connection;
    connection.session = session;
    this.sessions.push(session);
    session.dispatch(GatewayDispatchEvents.Ready, JSON.stringify(this.host.readyData(session, this.resumeUrl)));
    for (const guildId of this.host.guildIds()) this.sendGuildCreate(guildId, [session]);
  }

  /** GUILD_CREATE to each session serving the guild, built for that session: its intents decide the member list. */
  sendGuildCreate(guildId: string, sessions: readonly GatewaySession[] = this.sessions): void {
    for (const session of sessions) {
      if (!session.hasIntent(GatewayIntentBits.Guilds) || !session.servesGuild(guildId)) continue;
      const data = this.host.guildCreateData(guildId, session.intents);
      session.dispatch(GatewayDispatchEvents.GuildCreate, JSON.stringify(data));
    }
  }

  private resume(connection: Connection, resume: GatewayResumeData): void {
    const session = this.sessions.find((candidate) => candidate.id === resume.session_id);
    const frames = session?.framesAfter(resume.seq);
    if (!session || !frames || resume.token.replace(/^Bot /, '') !== this.host.token) {
      connection.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      if (session) this.forget(session);
      return;
    }
    session.connection?.close(GatewayCloseCodes.SessionTimedOut);
    session.connection = connection;
    connection.session = session;
    for (const frame of frames) connection.send(frame);
    session.dispatch(GatewayDispatchEvents.Resumed, 'null');
  }

  private requestMembers(session: GatewaySession, request: GatewayRequestGuildMembersData): void {
    for (const chunk of this.host.membersChunk(request)) {
      session.dispatch(GatewayDispatchEvents.GuildMembersChunk, JSON.stringify(chunk));
    }
  }
}
