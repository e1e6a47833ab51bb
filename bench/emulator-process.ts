/**
 * The emulator as a separate process for benchmarks, so its CPU does not count against the client measured.
 * Driven over IPC: `setup` builds the world, `push` sends MESSAGE_CREATE frames from one member in one channel,
 * `push-members` sends them from every member in turn (each in their own guild's #general), `stop` exits.
 */
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { Emulator } from '../emulator';

export type EmulatorProcessRequest =
  | { type: 'setup'; token: string; guilds: number; members: number }
  | { type: 'push'; count: number }
  | {
      type: 'push-members';
      count: number;
      /** Percent of messages edited (MESSAGE_UPDATE) and deleted (MESSAGE_DELETE) shortly after they are sent. */
      edits?: number;
      deletes?: number;
    }
  | { type: 'stop' };

export type EmulatorProcessReply =
  | { type: 'ready'; apiUrl: string; guildIds: string[]; generalChannelIds: string[] }
  | { type: 'pushed'; count: number; edits: number; deletes: number }
  | { type: 'error'; message: string };

let emulator: Emulator | undefined;
let target: { channelId: string; authorId: string } | undefined;
/** Per member: the JSON of a MESSAGE_CREATE without its id and content, split where those go. */
let memberFrames: { head: string; tail: string; editedTail: string; deleteTail: string }[] = [];

function reply(message: EmulatorProcessReply): void {
  process.send?.(message);
}

async function setup(token: string, guildCount: number, memberCount: number): Promise<void> {
  const started = await Emulator.start({ token });
  emulator = started;
  const owner = started.createUser({ username: 'owner' });
  const guilds = Array.from({ length: guildCount }, (_, index) =>
    started.createGuild({ name: `guild ${index}`, ownerId: owner.id }),
  );
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

/** Edits and deletes hit messages sent this many messages earlier (recent enough for any message cache). */
const EDIT_LAG = 50;
const DELETE_LAG = 60;

/**
 * Pushes `count` messages from every member in turn; with `edits`/`deletes` percent, after message i also an edit
 * of message i − 50 or a deletion of message i − 60 (for i mod 100 in the first `edits` / last `deletes` slots).
 */
async function pushFromMembers(
  started: Emulator,
  count: number,
  edits = 0,
  deletes = 0,
): Promise<{ edits: number; deletes: number }> {
  if (edits === 0 && deletes === 0) {
    await started.core.gateway.pushFrames(
      GatewayDispatchEvents.MessageCreate,
      (index) => {
        const frame = memberFrames[index % memberFrames.length];
        return `${frame.head}${started.core.snowflake()}${frame.tail}`;
      },
      count,
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
  await started.core.gateway.pushDispatches((step) => {
    const item = plan[step]!;
    if (item >= 0) {
      ids[item] = started.core.snowflake();
      const frame = memberFrames[item % memberFrames.length];
      return [GatewayDispatchEvents.MessageCreate, `${frame.head}${ids[item]}${frame.tail}`];
    }
    const encoded = -item - 1;
    const target = encoded % count;
    const frame = memberFrames[target % memberFrames.length];
    return encoded < 2 * count
      ? [GatewayDispatchEvents.MessageUpdate, `${frame.head}${ids[target]}${frame.editedTail}`]
      : [GatewayDispatchEvents.MessageDelete, `${frame.head}${ids[target]}${frame.deleteTail}`];
  }, plan.length);
  return { edits: editCount, deletes: deleteCount };
}

async function handle(request: EmulatorProcessRequest): Promise<void> {
  switch (request.type) {
    case 'setup':
      await setup(request.token, request.guilds, request.members);
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
        ...(await pushFromMembers(emulator, request.count, request.edits, request.deletes)),
      });
      break;
    case 'stop':
      await emulator?.stop();
      process.exit(0);
  }
}

process.on('message', (request: EmulatorProcessRequest) => {
  handle(request).catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
