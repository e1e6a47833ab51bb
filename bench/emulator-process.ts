/**
 * The emulator as a separate process for benchmarks, so its CPU does not count against the client measured.
 * Driven over IPC: `setup` builds the world, `push` sends MESSAGE_CREATE frames from one member in one channel,
 * `push-members` sends them from every member in turn (each in their own guild's #general), `stop` exits.
 * For command benches: `setup-commands` builds one guild, `wait-commands` waits for the bot's slash commands, and
 * `offer` sends one slash command OPEN-LOOP at a fixed rate (whether or not earlier ones were answered) and reports
 * each one's latency from dispatch to the first interaction callback the emulator received for it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DiscordSnowflake } from '@sapphire/snowflake';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { Emulator, type OptionValue } from '../emulator';

export type EmulatorProcessRequest =
  | {
      type: 'setup';
      token: string;
      guilds: number;
      members: number;
      /** Spread the guilds evenly over this many shards (guild i in shard i mod shards), as a large bot's are. */
      shards?: number;
    }
  | { type: 'push'; count: number }
  | {
      type: 'push-members';
      count: number;
      /** Only the first N members speak (default: all), so guild size and active members can vary apart. */
      speakers?: number;
      /** Percent of messages edited (MESSAGE_UPDATE) and deleted (MESSAGE_DELETE) shortly after they are sent. */
      edits?: number;
      deletes?: number;
    }
  | { type: 'setup-commands'; token: string; members: number }
  | { type: 'wait-commands'; names: string[] }
  | {
      type: 'offer';
      command: string;
      /** `pay`: each member pays a random other member 1; `none`: no options. */
      options: 'none' | 'pay';
      ratePerSecond: number;
      durationMs: number;
      /** After the offering stops, how long to wait for outstanding answers before counting them unanswered. */
      drainMs: number;
    }
  | { type: 'stop' };

export interface OfferResult {
  type: 'offered';
  offered: number;
  /** Latency of each answered command (ms), in dispatch order. */
  latencies: number[];
  /** Commands answered while offering was under way, per second of offering. */
  answeredPerSecond: number;
  /** Not answered by the end of the drain; their time waited so far (ms), a lower bound of their latency. */
  unanswered: number[];
  /** How far behind schedule the emulator itself fell at worst (ms): above a few ms, the load generator saturated. */
  maxLagMs: number;
  /**
   * The longest the emulator's event loop was blocked while offering (ms), by its garbage collector or its own work:
   * every command in flight meanwhile is answered that much later, whatever the bot does.
   */
  maxStallMs: number;
}

export type EmulatorProcessReply =
  | { type: 'ready'; apiUrl: string; guildIds: string[]; generalChannelIds: string[] }
  | { type: 'ready-commands'; apiUrl: string; guildId: string; channelId: string; memberIds: string[] }
  | { type: 'commands-registered' }
  | OfferResult
  | { type: 'pushed'; count: number; edits: number; deletes: number }
  | { type: 'error'; message: string };

let emulator: Emulator | undefined;
let target: { channelId: string; authorId: string } | undefined;
/** Per member: the JSON of a MESSAGE_CREATE without its id and content, split where those go, and its guild. */
let memberFrames: { head: string; tail: string; editedTail: string; deleteTail: string; guildId: string }[] = [];

function reply(message: EmulatorProcessReply): void {
  process.send?.(message);
}

/**
 * Waits for the first millisecond whose snowflakes fall in `shard` of `shards` (a guild's shard is its id's
 * timestamp modulo the shard count), so a guild created at once lands there.
 */
function awaitShardMillisecond(shard: number, shards: number): void {
  const epoch = Number(DiscordSnowflake.epoch);
  const start = Date.now();
  // A fresh millisecond, so the guild is made well within it.
  let now = start;
  while (now === start || (now - epoch) % shards !== shard) now = Date.now();
}

async function setup(token: string, guildCount: number, memberCount: number, shards = 1): Promise<void> {
  const started = await Emulator.start({ token });
  emulator = started;
  const owner = started.createUser({ username: 'owner' });
  const guilds = Array.from({ length: guildCount }, (_, index) => {
    if (shards > 1) awaitShardMillisecond(index % shards, shards);
    return started.createGuild({ name: `guild ${index}`, ownerId: owner.id });
  });
  const timestamp = new Date().toISOString();
  memberFrames = [];
  for (let index = 0; index < memberCount; index += 1) {
    const user = started.createUser({ username: `member${index}` });
    const guild = guilds[index % guilds.length];
    const { user: author, ...member } = started.addMember(guild.id, user.id);
    const fixed = {
      channel_id: guild.generalChannelId,
      guild_id: guild.id,
      author,
      member,
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
    const json = JSON.stringify(fixed);
    const edited = JSON.stringify({ ...fixed, edited_timestamp: timestamp });
    memberFrames.push({
      head: '{"id":"',
      tail: `","content":"hello there",${json.slice(1)}`,
      editedTail: `","content":"hello there (edited)",${edited.slice(1)}`,
      deleteTail: `","channel_id":"${guild.generalChannelId}","guild_id":"${guild.id}"}`,
      guildId: guild.id,
    });
  }
  const author = started.createUser({ username: 'chatter' });
  started.addMember(guilds[0].id, author.id);
  target = { channelId: guilds[0].generalChannelId, authorId: author.id };
  reply({
    type: 'ready',
    apiUrl: started.apiUrl,
    guildIds: guilds.map((guild) => guild.id),
    generalChannelIds: guilds.map((guild) => guild.generalChannelId),
  });
}

let commandWorld: { guildId: string; channelId: string; memberIds: string[] } | undefined;

async function setupCommands(token: string, memberCount: number): Promise<void> {
  const started = await Emulator.start({ token });
  emulator = started;
  const owner = started.createUser({ username: 'owner' });
  const guild = started.createGuild({ name: 'bench', ownerId: owner.id });
  const memberIds: string[] = [];
  for (let index = 0; index < memberCount; index += 1) {
    const user = started.createUser({ username: `member${index}` });
    started.addMember(guild.id, user.id);
    memberIds.push(user.id);
  }
  commandWorld = { guildId: guild.id, channelId: guild.generalChannelId, memberIds };
  reply({
    type: 'ready-commands',
    apiUrl: started.apiUrl,
    guildId: guild.id,
    channelId: guild.generalChannelId,
    memberIds,
  });
}

/**
 * Offers `command` at `ratePerSecond` for `durationMs`: a timer dispatches however many are due by the clock, so a
 * slow bot does not slow the offering (open loop). Latency runs from dispatch to the first callback for it.
 */
async function offer(
  started: Emulator,
  request: Extract<EmulatorProcessRequest, { type: 'offer' }>,
): Promise<OfferResult> {
  const world = commandWorld!;
  // The previous run has drained (the bench waits for the bot to be idle): its records would only grow the heap.
  started.forgetHistory();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let answeredWhileOffering = 0;
  let offering = true;
  const onUpdate = (record: { id: string }) => {
    const sent = sentAt.get(record.id);
    if (sent === undefined) return;
    sentAt.delete(record.id);
    latencies.push(performance.now() - sent);
    if (offering) answeredWhileOffering += 1;
  };
  started.core.on('interactionUpdate', onUpdate);
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const members = world.memberIds;
  const random = () => members[Math.floor(Math.random() * members.length)]!;
  let offered = 0;
  let maxLagMs = 0;
  const start = performance.now();
  const total = Math.round((request.ratePerSecond * request.durationMs) / 1000);
  try {
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - start) * request.ratePerSecond) / 1000) + 1);
        if (due - offered > 1) maxLagMs = Math.max(maxLagMs, ((due - offered - 1) * 1000) / request.ratePerSecond);
        while (offered < due) {
          const userId = random();
          let payee = random();
          while (payee === userId) payee = random();
          const options: Record<string, OptionValue> = request.options === 'pay' ? { member: payee, amount: '1' } : {};
          const before = performance.now();
          // The record is dispatched synchronously inside slash(); its id is known before any callback can arrive.
          void started
            .actor(userId)
            .slash(world.channelId, request.command, { options })
            .then((handle) => sentAt.set(handle.id, before));
          offered += 1;
        }
        if (offered >= total) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    offering = false;
    const offeringSeconds = (performance.now() - start) / 1000;
    const drainUntil = performance.now() + request.drainMs;
    while (sentAt.size > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 20));
    const now = performance.now();
    return {
      type: 'offered',
      offered,
      latencies,
      answeredPerSecond: answeredWhileOffering / offeringSeconds,
      unanswered: [...sentAt.values()].map((sent) => now - sent),
      maxLagMs,
      maxStallMs: loopDelay.max / 1e6,
    };
  } finally {
    loopDelay.disable();
    started.core.off('interactionUpdate', onUpdate);
  }
}

/** Edits and deletes hit messages sent this many messages earlier (recent enough for any message cache). */
const EDIT_LAG = 50;
const DELETE_LAG = 60;

/**
 * Pushes `count` messages from every member (or the first `speakers`) in turn; with `edits`/`deletes` percent, after
 * message i also an edit of message i − 50 or a deletion of message i − 60 (for i mod 100 in the first `edits` / last
 * `deletes` slots).
 */
async function pushFromMembers(
  started: Emulator,
  count: number,
  edits = 0,
  deletes = 0,
  speakers = memberFrames.length,
): Promise<{ edits: number; deletes: number }> {
  // Members were dealt to the guilds in turn, so the first N of them speak in every guild alike.
  const speaking = Math.min(speakers, memberFrames.length);
  if (edits === 0 && deletes === 0) {
    await started.core.gateway.pushFrames(
      GatewayDispatchEvents.MessageCreate,
      (index) => {
        const frame = memberFrames[index % speaking];
        return `${frame.head}${started.core.snowflake()}${frame.tail}`;
      },
      count,
      (index) => memberFrames[index % speaking].guildId,
    );
    return { edits: 0, deletes: 0 };
  }
  const plan: number[] = []; // message index, or −(index + 1) − count·k for edits (k=1) and deletes (k=2)
  let editCount = 0;
  let deleteCount = 0;
  for (let index = 0; index < count; index += 1) {
    plan.push(index);
    const slot = index % 100;
    if (slot < edits && index >= EDIT_LAG) {
      plan.push(-(count + index - EDIT_LAG + 1));
      editCount += 1;
    } else if (slot >= 100 - deletes && index >= DELETE_LAG) {
      plan.push(-(2 * count + index - DELETE_LAG + 1));
      deleteCount += 1;
    }
  }
  const ids: string[] = new Array<string>(count);
  // The message a step sends, edits or deletes (an edit or deletion is of the message's guild, so the push has made
  // the message, and named its id, before it).
  const messageOf = (step: number) => {
    const item = plan[step]!;
    return item >= 0 ? item : (-item - 1) % count;
  };
  await started.core.gateway.pushDispatches(
    (step) => {
      const item = plan[step]!;
      const target = messageOf(step);
      const frame = memberFrames[target % speaking];
      if (item >= 0) {
        ids[item] = started.core.snowflake();
        return [GatewayDispatchEvents.MessageCreate, `${frame.head}${ids[item]}${frame.tail}`];
      }
      return -item - 1 < 2 * count
        ? [GatewayDispatchEvents.MessageUpdate, `${frame.head}${ids[target]}${frame.editedTail}`]
        : [GatewayDispatchEvents.MessageDelete, `${frame.head}${ids[target]}${frame.deleteTail}`];
    },
    plan.length,
    (step) => memberFrames[messageOf(step) % speaking].guildId,
  );
  return { edits: editCount, deletes: deleteCount };
}

async function handle(request: EmulatorProcessRequest): Promise<void> {
  switch (request.type) {
    case 'setup':
      await setup(request.token, request.guilds, request.members, request.shards);
      break;
    case 'push':
      if (!emulator || !target) throw new Error('push before setup');
      await emulator.pushMessages(target.channelId, request.count, { authorId: target.authorId });
      reply({ type: 'pushed', count: request.count, edits: 0, deletes: 0 });
      break;
    case 'push-members':
      if (!emulator || memberFrames.length === 0) throw new Error('push before setup');
      reply({
        type: 'pushed',
        count: request.count,
        ...(await pushFromMembers(emulator, request.count, request.edits, request.deletes, request.speakers)),
      });
      break;
    case 'setup-commands':
      await setupCommands(request.token, request.members);
      break;
    case 'wait-commands':
      if (!emulator) throw new Error('wait-commands before setup');
      await emulator.waitForCommandsRegistered(request.names, { timeoutMs: 120_000 });
      reply({ type: 'commands-registered' });
      break;
    case 'offer':
      if (!emulator || !commandWorld) throw new Error('offer before setup-commands');
      reply(await offer(emulator, request));
      break;
    case 'stop':
      await emulator?.stop();
      process.exit(0);
  }
}

process.on('message', (request: EmulatorProcessRequest) => {
  handle(request).catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
