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
  | { type: 'push-members'; count: number }
  | { type: 'stop' };

export type EmulatorProcessReply =
  | { type: 'ready'; apiUrl: string; guildIds: string[] }
  | { type: 'pushed'; count: number }
  | { type: 'error'; message: string };

let emulator: Emulator | undefined;
let target: { channelId: string; authorId: string } | undefined;
/** Per member: the JSON of a MESSAGE_CREATE without its id and content, split where those go. */
let memberFrames: { head: string; tail: string }[] = [];

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
    memberFrames.push({ head: '{"id":"', tail: `","content":"hello there",${json.slice(1)}` });
  }
  const author = started.createUser({ username: 'chatter' });
  started.addMember(guilds[0].id, author.id);
  target = { channelId: guilds[0].generalChannelId, authorId: author.id };
  reply({ type: 'ready', apiUrl: started.apiUrl, guildIds: guilds.map((guild) => guild.id) });
}

async function pushFromMembers(started: Emulator, count: number): Promise<void> {
  await started.core.gateway.pushFrames(
    GatewayDispatchEvents.MessageCreate,
    (index) => {
      const frame = memberFrames[index % memberFrames.length];
      return `${frame.head}${started.core.snowflake()}${frame.tail}`;
    },
    count,
  );
}

async function handle(request: EmulatorProcessRequest): Promise<void> {
  switch (request.type) {
    case 'setup':
      await setup(request.token, request.guilds, request.members);
      break;
    case 'push':
      if (!emulator || !target) throw new Error('push before setup');
      await emulator.pushMessages(target.channelId, request.count, { authorId: target.authorId });
      reply({ type: 'pushed', count: request.count });
      break;
    case 'push-members':
      if (!emulator || memberFrames.length === 0) throw new Error('push before setup');
      await pushFromMembers(emulator, request.count);
      reply({ type: 'pushed', count: request.count });
      break;
    case 'stop':
      await emulator?.stop();
      process.exit(0);
  }
}

process.on('message', (request: EmulatorProcessRequest) => {
  handle(request).catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
