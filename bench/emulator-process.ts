/**
 * The emulator as a separate process for benchmarks, so its CPU does not count against the client measured.
 * Driven over IPC: `setup` builds the world, `push` sends MESSAGE_CREATE frames, `stop` exits.
 */
import { Emulator } from '../emulator';

export type EmulatorProcessRequest =
  | { type: 'setup'; token: string; guilds: number; members: number }
  | { type: 'push'; count: number }
  | { type: 'stop' };

export type EmulatorProcessReply =
  { type: 'ready'; apiUrl: string } | { type: 'pushed'; count: number } | { type: 'error'; message: string };

let emulator: Emulator | undefined;
let target: { channelId: string; authorId: string } | undefined;

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
  for (let index = 0; index < memberCount; index += 1) {
    const user = started.createUser({ username: `member${index}` });
    started.addMember(guilds[index % guilds.length].id, user.id);
  }
  const author = started.createUser({ username: 'chatter' });
  started.addMember(guilds[0].id, author.id);
  target = { channelId: guilds[0].generalChannelId, authorId: author.id };
  reply({ type: 'ready', apiUrl: started.apiUrl });
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
    case 'stop':
      await emulator?.stop();
      process.exit(0);
  }
}

process.on('message', (request: EmulatorProcessRequest) => {
  handle(request).catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
