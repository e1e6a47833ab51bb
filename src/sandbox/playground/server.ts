import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { ChannelType, GatewayDispatchEvents, type APIMessage } from 'discord-api-types/v10';
import type { InteractionHandle } from '../../../emulator';
import type { DemoActions, ShownModal } from '../demoActions';
import { fileType, messageView, modalView, stateView } from './view';

export interface PlaygroundOptions {
  actions: DemoActions;
  /** 0 picks a free port; a taken port falls back to a free one. */
  port: number;
  /** The dashboard's address, linked from the page when there is one. */
  dashboardUrl?: string;
}

export interface Playground {
  url: string;
  stop(): Promise<void>;
}

/** Messages a channel shows when opened (older ones are not loaded). */
const HISTORY = 100;
/** Forms waiting to be submitted, at most (the oldest is forgotten first). */
const PENDING_FORMS = 100;

const STATIC: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/playground.css': ['playground.css', 'text/css; charset=utf-8'],
  '/playground.js': ['playground.js', 'text/javascript; charset=utf-8'],
};

/** Gateway events after which the page reloads the sidebar and names (channels, members, roles changed). */
const WORLD_EVENTS = new Set<GatewayDispatchEvents>([
  GatewayDispatchEvents.ChannelCreate,
  GatewayDispatchEvents.ChannelUpdate,
  GatewayDispatchEvents.ChannelDelete,
  GatewayDispatchEvents.ThreadCreate,
  GatewayDispatchEvents.ThreadUpdate,
  GatewayDispatchEvents.ThreadDelete,
  GatewayDispatchEvents.GuildMemberAdd,
  GatewayDispatchEvents.GuildMemberUpdate,
  GatewayDispatchEvents.GuildMemberRemove,
  GatewayDispatchEvents.GuildRoleCreate,
  GatewayDispatchEvents.GuildRoleUpdate,
  GatewayDispatchEvents.GuildRoleDelete,
]);

/** A request the page got wrong: answered with its status and one line. */
class RequestError extends Error {
  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The browser playground: a Discord-like page for the sandbox's demo server, on localhost only. Its JSON API acts
 * through the same {@link DemoActions} as the terminal, and `/api/events` streams the emulator's world as it changes.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { actions } = options;
  const publicDir = join(packageRoot(), 'src', 'sandbox', 'playground', 'public');
  const pendingForms = new Map<string, { member: string; shown: ShownModal }>();
  const streams = new Set<ServerResponse>();

  const broadcast = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  const onMessage = ({ message }: { message: APIMessage }) => broadcast('message', messageView(actions, message));
  const onDispatch = (event: GatewayDispatchEvents, data: unknown) => {
    if (event === GatewayDispatchEvents.MessageDelete) {
      const { id, channel_id } = data as { id: string; channel_id: string };
      broadcast('delete', { channelId: channel_id, ids: [id] });
    } else if (event === GatewayDispatchEvents.MessageDeleteBulk) {
      const { ids, channel_id } = data as { ids: string[]; channel_id: string };
      broadcast('delete', { channelId: channel_id, ids });
    } else if (WORLD_EVENTS.has(event)) broadcast('world', { event });
  };
  const { core } = actions.emu;
  core.on('message', onMessage);
  core.on('messageUpdate', onMessage);
  core.on('dispatch', onDispatch);

  /** The form the bot answered with, kept for its submission; undefined when it answered otherwise. */
  const answer = async (member: string, handle: InteractionHandle) => {
    const shown = await actions.modalOf(handle);
    if (!shown) return { ok: true };
    pendingForms.set(handle.id, { member, shown });
    if (pendingForms.size > PENDING_FORMS) pendingForms.delete(pendingForms.keys().next().value!);
    return { ok: true, modal: modalView(handle.id, shown.modal) };
  };

  /** The member acting and the channel they act in, which they must be able to read. */
  const inChannel = (body: Record<string, unknown>) => {
    const member = memberOf(actions, body.as);
    const channelId = text(body.channelId);
    if (!canRead(actions, member, channelId)) throw new RequestError(403, `${member} cannot see that channel.`);
    return { member, channelId };
  };

  const messageIn = (member: string, messageId: string): APIMessage => {
    const message = core.world.findMessage(messageId)?.message;
    if (!message || !actions.sees(member, message) || !canRead(actions, member, message.channel_id)) {
      throw new RequestError(404, 'That message is not there any more.');
    }
    return message;
  };

  const routes: Record<string, (body: Record<string, unknown>, url: URL) => Promise<unknown> | unknown> = {
    'GET /api/state': (_body, url) =>
      stateView(actions, memberOf(actions, url.searchParams.get('as')), options.dashboardUrl ?? null),
    'GET /api/messages': (_body, url) => {
      const { member, channelId } = inChannel({
        as: url.searchParams.get('as'),
        channelId: url.searchParams.get('channel'),
      });
      const messages = core.world
        .messages(channelId)
        .filter((message) => actions.sees(member, message))
        .slice(-HISTORY);
      return { messages: messages.map((message) => messageView(actions, message)) };
    },
    'POST /api/messages': async (body) => {
      const { member, channelId } = inChannel(body);
      const content = text(body.content).trim();
      if (!content) throw new RequestError(400, 'Type a message first.');
      const message = await actions.say(member, channelId, content);
      return { ok: true, id: message.id };
    },
    'POST /api/slash': async (body) => {
      const { member, channelId } = inChannel(body);
      const { handle, leftover } = await actions.slash(member, channelId, text(body.text).replace(/^\//, ''));
      const answered = await answer(member, handle);
      // Words typed after a command that takes no more options fill the form's first field, as in the terminal.
      const first = 'modal' in answered ? answered.modal?.fields[0] : undefined;
      if (first && leftover && !first.value) first.value = leftover;
      return answered;
    },
    'POST /api/autocomplete': async (body) => {
      const { member, channelId } = inChannel(body);
      const line = text(body.text).replace(/^\//, '');
      return { choices: await actions.autocomplete(member, channelId, line, text(body.focused)) };
    },
    'POST /api/click': async (body) => {
      const member = memberOf(actions, body.as);
      const message = messageIn(member, text(body.messageId));
      return answer(member, await actions.click(member, message, text(body.customId)));
    },
    'POST /api/select': async (body) => {
      const member = memberOf(actions, body.as);
      const message = messageIn(member, text(body.messageId));
      const values = Array.isArray(body.values) ? body.values.map(String) : [];
      return answer(member, await actions.select(member, message, text(body.customId), values));
    },
    'POST /api/modal': async (body) => {
      const member = memberOf(actions, body.as);
      const pending = pendingForms.get(text(body.interactionId));
      if (!pending || pending.member !== member) throw new RequestError(404, 'That form is closed; open it again.');
      const fields = Object.fromEntries(
        Object.entries((body.fields ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value)]),
      );
      pendingForms.delete(text(body.interactionId));
      return answer(member, await actions.submitModal(member, pending.shown, fields));
    },
    'POST /api/join': async (body) => ({ ok: true, lines: await actions.join(memberOf(actions, body.as)) }),
    'POST /api/leave': async (body) => ({ ok: true, lines: [await actions.leave(memberOf(actions, body.as))] }),
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Errors the emulator's checks and the command line raise (a missing option, a disabled button) are what the
      // person did wrong; a programming error is this server's, said in one line and logged.
      const bug = error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;
      if (bug) console.error('playground: request failed', error);
      const status = error instanceof RequestError ? error.status : bug ? 500 : 400;
      const message = bug ? 'The playground failed; the terminal shows why.' : (error as Error).message;
      if (!response.headersSent) json(response, status, { error: message.replace(/^emulator: /, '') });
      else response.end();
    });
  });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const port = (server.address() as AddressInfo).port;
    // Only pages of this playground: a Host of another name is a DNS-rebinding attempt.
    if (![`127.0.0.1:${port}`, `localhost:${port}`].includes(request.headers.host ?? '')) {
      return json(response, 403, { error: 'The playground answers on localhost only.' });
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
    const method = request.method ?? 'GET';
    if (method === 'GET' && STATIC[url.pathname]) {
      const [file, type] = STATIC[url.pathname]!;
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
      return void response.end(readFileSync(join(publicDir, file)));
    }
    if (method === 'GET' && url.pathname.startsWith('/files/')) return serveFile(actions, url.pathname, response);
    if (method === 'GET' && url.pathname === '/api/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return json(response, 404, { error: `No ${method} ${url.pathname} here.` });
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      // JSON only: a page elsewhere cannot send it here without a CORS preflight this server never allows.
      if (!request.headers['content-type']?.startsWith('application/json')) {
        return json(response, 415, { error: 'Send JSON (Content-Type: application/json).' });
      }
      body = await readJson(request);
    }
    json(response, 200, await route(body, url));
  };

  const port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      core.off('message', onMessage);
      core.off('messageUpdate', onMessage);
      core.off('dispatch', onDispatch);
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
};

/** Serves a message's file (`/files/<channel>/<attachment>/<name>`) as the emulator stores it. */
function serveFile(actions: DemoActions, path: string, response: ServerResponse): void {
  const [, , channelId = '', attachmentId = ''] = path.split('/');
  const record = [...(actions.emu.world.messagesByChannel.get(channelId)?.values() ?? [])].find((candidate) =>
    candidate.files.has(attachmentId),
  );
  const file = record?.files.get(attachmentId);
  const attachment = record?.message.attachments.find((candidate) => candidate.id === attachmentId);
  if (!file || !attachment) return json(response, 404, { error: 'No such file.' });
  response.writeHead(200, {
    'Content-Type': fileType(attachment.filename, file.contentType),
    // A transcript is HTML the bot wrote from members' text: shown in a sandbox, it cannot script this page.
    'Content-Security-Policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(file.data);
}

/** Whether the member may read a channel: a guild channel they see, or their own DMs with the bot. */
function canRead(actions: DemoActions, member: string, channelId: string): boolean {
  const channel = actions.emu.world.channel(channelId);
  if (channel?.type === ChannelType.DM) return channel.recipientId === actions.world.members.get(member);
  return actions.visibleChannels(member).some((visible) => visible.id === channelId);
}

function memberOf(actions: DemoActions, value: unknown): string {
  const name = typeof value === 'string' ? value : '';
  if (!actions.world.members.has(name)) {
    throw new RequestError(400, `No member "${name}". Try: ${actions.memberNames.join(', ')}`);
  }
  return name;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new RequestError(413, 'That is too much text for one request.');
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Answered below, like any body that is not an object.
  }
  throw new RequestError(400, 'The body must be a JSON object.');
}

/** Listens on localhost: the port asked for, or a free one when it is taken. */
async function listen(server: Server, port: number): Promise<number> {
  const attempt = (on: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await attempt(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await attempt(0);
  }
  return (server.address() as AddressInfo).port;
}

/** The folder holding package.json: the page's files are read from the repository, in development and from dist/. */
function packageRoot(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('The playground cannot find the project folder (no package.json above it).');
    folder = parent;
  }
  return folder;
}
