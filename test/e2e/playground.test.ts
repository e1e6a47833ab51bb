import { request } from 'node:http';
import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { DemoActions } from '../../src/sandbox/demoActions';
import { buildDemoWorld } from '../../src/sandbox/demoWorld';
import { configureDemoGuild } from '../../src/sandbox/index';
import { startPlayground, type Playground } from '../../src/sandbox/playground/server';
import type { MessageView, ModalView, StateView } from '../../src/sandbox/playground/view';
import { harness } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

/** One server-sent event the playground streamed. */
interface StreamedEvent {
  event: string;
  data: unknown;
}

/** Reads `/api/events` as a browser's EventSource would, collecting every event. */
async function followEvents(url: string): Promise<{ events: StreamedEvent[]; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${url}api/events`, { signal: controller.signal });
  expect(response.headers.get('content-type')).to.equal('text/event-stream');
  const events: StreamedEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    }
  })();
  return { events, close: () => controller.abort() };
}

describe('sandbox playground (HTTP API)', function () {
  this.timeout(60_000);
  let playground: Playground;
  let actions: DemoActions;
  let general: string;
  let stream: Awaited<ReturnType<typeof followEvents>>;

  const get = async <T>(path: string, init: RequestInit = {}) => {
    const response = await fetch(`${playground.url}${path.replace(/^\//, '')}`, init);
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
  const post = async <T>(path: string, body: unknown) =>
    get<T & { error?: string }>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const state = async (member: string) => (await get<StateView>(`/api/state?as=${member}`)).body;
  const channelNamed = async (member: string, name: string) =>
    (await state(member)).channels.find((channel) => channel.name === name)?.id;
  /** The next streamed message from the bot matching `pattern`, after `from` events. */
  const streamed = async (from: number, pattern: RegExp): Promise<MessageView> => {
    let found: MessageView | undefined;
    await eventually(() => {
      found = stream.events
        .slice(from)
        .map((event) => event.data as MessageView)
        .find((message) => message.author?.bot && pattern.test(JSON.stringify(message)));
      return found !== undefined;
    }, `a streamed message matching ${pattern}`);
    return found!;
  };

  before(async () => {
    const { emu } = await harness();
    const world = buildDemoWorld(emu);
    await eventually(() => container.client.guilds.cache.has(world.guildId), 'the bot to see the demo guild');
    await configureDemoGuild(world);
    actions = new DemoActions(emu, world);
    playground = await startPlayground({ actions, port: 0, dashboardUrl: 'http://127.0.0.1:4000/dashboard' });
    general = world.channels.get('general')!;
    stream = await followEvents(playground.url);
  });

  after(async () => {
    stream?.close();
    await playground?.stop();
  });

  it('serves the page and its files on localhost, and refuses other hosts and non-JSON posts', async () => {
    expect(playground.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // A port already taken (another sandbox running) gives way to a free one.
    const beside = await startPlayground({ actions, port: Number(new URL(playground.url).port) });
    expect(beside.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(beside.url).not.to.equal(playground.url);
    await beside.stop();
    const page = await fetch(playground.url);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(await page.text()).to.include('<script src="/playground.js" defer></script>');
    expect((await fetch(`${playground.url}playground.js`)).headers.get('content-type')).to.include('javascript');

    // A page on another name that resolves to this machine (DNS rebinding) is refused; fetch() cannot set Host.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      const { port } = new URL(playground.url);
      request({ port, path: '/api/state?as=member', headers: { Host: `attacker.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).to.equal(403);
    const form = await fetch(`${playground.url}api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ as: 'member', channelId: general, content: '!daily' }),
    });
    expect(form.status).to.equal(415);
    const nobody = await get<{ error: string }>('/api/state?as=nobody');
    expect(nobody.status).to.equal(400);
    expect(nobody.body.error).to.equal('No member "nobody". Try: admin, moderator, support, member');
  });

  it('describes the server for a member: channels, people, the registered commands and the dashboard link', async () => {
    const view = await state('member');
    expect(view.guild.name).to.equal('Sandbox');
    expect(view.me).to.include({ name: 'member', onServer: true });
    expect(view.channels.map((channel) => `${channel.kind}:${channel.name}`)).to.include.members([
      'text:general',
      'text:support',
      'dm:bot',
    ]);
    expect(view.members.find((member) => member.name === 'support')?.roles).to.deep.equal(['Support', 'Member']);
    const ticket = view.commands.find((command) => command.name === 'ticket');
    expect(ticket?.options?.map((option) => option.name)).to.include('open');
    const pay = view.commands.find((command) => command.name === 'pay');
    expect(pay?.options?.map((option) => option.name)).to.include.members(['member', 'amount']);
    expect(view.dashboardUrl).to.equal('http://127.0.0.1:4000/dashboard');
    expect(view.names.channels[general]).to.equal('general');
  });

  it('sends messages as a member and streams the bot’s answer, which the channel then lists', async () => {
    const from = stream.events.length;
    const sent = await post<{ ok: boolean }>('/api/messages', { as: 'member', channelId: general, content: '!daily' });
    expect(sent.status).to.equal(200);
    await streamed(from, /You claimed your daily reward/);
    await post('/api/messages', { as: 'member', channelId: general, content: '!pay @moderator 5' });
    const answer = await streamed(from, /paid <@\d+> 🪙 5/);
    expect(answer.channelId).to.equal(general);
    const listed = await get<{ messages: MessageView[] }>(`/api/messages?as=member&channel=${general}`);
    expect(listed.body.messages.map((message) => message.id)).to.include(answer.id);
    // The member's own message is there too, with the mention made from `@moderator`.
    expect(listed.body.messages.some((message) => /^!pay <@\d+> 5$/.test(message.content))).to.equal(true);
    // A message deleted in the emulator (here by its author through the terminal's actions) is streamed as gone.
    const own = listed.body.messages.find((message) => message.content.startsWith('!pay'))!;
    const deletedFrom = stream.events.length;
    await actions.actor('member').delete(own.id);
    await eventually(
      () =>
        stream.events
          .slice(deletedFrom)
          .some(
            (event) =>
              event.event === 'delete' &&
              JSON.stringify(event.data) === JSON.stringify({ channelId: general, ids: [own.id] }),
          ),
      'the delete event',
    );
    const empty = await post('/api/messages', { as: 'member', channelId: general, content: '  ' });
    expect(empty).to.deep.include({ status: 400, body: { error: 'Type a message first.' } });
  });

  it('opens a ticket through its form, and support claims and closes it with the buttons; the transcript is served', async () => {
    const opened = await post<{ modal: ModalView }>('/api/slash', {
      as: 'member',
      channelId: general,
      text: '/ticket open Printer broken',
    });
    expect(opened.status).to.equal(200);
    expect(opened.body.modal.title).to.equal('Open a ticket');
    // The words after the command fill the first field, as in the terminal.
    expect(opened.body.modal.fields.map((field) => [field.customId, field.value, field.required])).to.deep.equal([
      ['title', 'Printer broken', true],
      ['description', '', true],
    ]);
    const elsewhere = await post('/api/modal', { as: 'support', interactionId: opened.body.modal.interactionId });
    expect(elsewhere.status).to.equal(404);

    const from = stream.events.length;
    const submitted = await post('/api/modal', {
      as: 'member',
      interactionId: opened.body.modal.interactionId,
      fields: { title: 'Printer broken', description: 'It jams on every page' },
    });
    expect(submitted.status).to.equal(200);
    const ticketMessage = await streamed(from, /Ticket #0001: Printer broken/);
    await eventually(() => stream.events.slice(from).some((event) => event.event === 'world'), 'a world event');
    const ticketChannel = await channelNamed('member', 'ticket-0001');
    expect(ticketChannel).to.equal(ticketMessage.channelId);
    // Nobody reads another member's DMs with the bot.
    const dm = (await state('member')).channels.find((channel) => channel.kind === 'dm')!.id;
    const hidden = await get<{ error: string }>(`/api/messages?as=support&channel=${dm}`);
    expect(hidden).to.deep.include({ status: 403, body: { error: 'support cannot see that channel.' } });

    const buttons = (ticketMessage.components ?? []).flatMap((row) =>
      'components' in row ? (row.components as { custom_id?: string; label?: string }[]) : [],
    );
    const claim = buttons.find((button) => button.label === 'Claim')!;
    const close = buttons.find((button) => button.label === 'Close')!;
    const claimFrom = stream.events.length;
    const claimed = await post('/api/click', { as: 'support', messageId: ticketMessage.id, customId: claim.custom_id });
    expect(claimed.status).to.equal(200);
    await streamed(claimFrom, /<@\d+> claimed ticket #0001\./);
    const closeFrom = stream.events.length;
    await post('/api/click', { as: 'support', messageId: ticketMessage.id, customId: close.custom_id });
    await streamed(closeFrom, /Ticket #0001 was closed by <@\d+>/);

    const logged = await streamed(closeFrom, /"filename":"[^"]*\.html"/);
    const transcript = logged.attachments.find((attachment) => attachment.filename.endsWith('.html'))!;
    const file = await fetch(`${playground.url}${transcript.url.slice(1)}`);
    expect(file.status).to.equal(200);
    expect(file.headers.get('content-type')).to.include('text/html');
    expect(file.headers.get('content-security-policy')).to.match(/^sandbox;/);
    expect(await file.text()).to.include('It jams on every page');
  });

  it('picks in a select menu, hides ephemeral answers from others, and serves the rank card image', async () => {
    const helped = await post('/api/slash', { as: 'member', channelId: general, text: '/help' });
    expect(helped.status).to.equal(200);
    let menuMessage: MessageView | undefined;
    await eventually(async () => {
      const { body } = await get<{ messages: MessageView[] }>(`/api/messages?as=member&channel=${general}`);
      menuMessage = body.messages.filter((message) => JSON.stringify(message.components).includes('"type":3')).at(-1);
      return menuMessage !== undefined;
    }, 'the help menu');
    expect(menuMessage!.onlyFor).to.equal(actions.world.members.get('member'));
    const { body: forAdmin } = await get<{ messages: MessageView[] }>(`/api/messages?as=admin&channel=${general}`);
    expect(forAdmin.messages.map((message) => message.id)).not.to.include(menuMessage!.id);
    const menu = (menuMessage!.components ?? [])
      .flatMap((row) => ('components' in row ? (row.components as { type: number; custom_id: string }[]) : []))
      .find((component) => component.type === 3)!;
    // Someone else cannot use a menu in an answer only the member sees.
    const foreign = await post('/api/select', {
      as: 'admin',
      messageId: menuMessage!.id,
      customId: menu.custom_id,
      values: ['tickets'],
    });
    expect(foreign.status).to.equal(404);
    const from = stream.events.length;
    const picked = await post('/api/select', {
      as: 'member',
      messageId: menuMessage!.id,
      customId: menu.custom_id,
      values: ['tickets'],
    });
    expect(picked.status).to.equal(200);
    await streamed(from, /How to use tickets/);

    const rankFrom = stream.events.length;
    await post('/api/slash', { as: 'member', channelId: general, text: '/rank' });
    const card = await streamed(rankFrom, /rank\.png/);
    const image = await fetch(`${playground.url}${card.attachments[0]!.url.slice(1)}`);
    expect(image.headers.get('content-type')).to.equal('image/png');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).to.equal('PNG');
    // Headed like Discord's answer to a command.
    expect(card.answers).to.deep.equal({ user: 'member', command: 'rank' });

    // A subcommand beside a group (`/profile view`, `/profile badge select`) resolves as in Discord.
    const profileFrom = stream.events.length;
    await post('/api/slash', { as: 'member', channelId: general, text: '/profile view @support' });
    const profile = await streamed(profileFrom, /profile\.png/);
    const profileImage = await fetch(`${playground.url}${profile.attachments[0]!.url.slice(1)}`);
    expect(profileImage.headers.get('content-type')).to.equal('image/png');
  });

  it('asks the bot for its suggestions while an option it autocompletes is typed', async () => {
    const typed = (text: string, focused: string) =>
      post<{ choices: { name: string; value: string }[] }>('/api/autocomplete', {
        as: 'admin',
        channelId: general,
        text,
        focused,
      });
    const ban = await typed('/permissions grant permission:ban', 'permission');
    expect(ban.status).to.equal(200);
    expect(ban.body.choices.map((choice) => choice.value)).to.deep.equal(['BAN_USER', 'UNBAN_USER']);
    // With the other option complete, it goes along; half-typed, it is left out.
    const withTarget = await typed('/permissions grant target:@support permission:ticket', 'permission');
    expect(withTarget.body.choices.map((choice) => choice.value)).to.include('CLOSE_TICKET');
    const halfTarget = await typed('/permissions grant target:@sup permission:warn', 'permission');
    expect(halfTarget.body.choices.map((choice) => choice.value)).to.deep.equal(['WARN_USER']);
    // An option that does not autocomplete asks nothing of the bot.
    expect((await typed('/permissions grant target:@sup', 'target')).body.choices).to.deep.equal([]);
  });

  it('answers a mistake with one clear line and changes nothing', async () => {
    const unknown = await post('/api/slash', { as: 'member', channelId: general, text: '/nonsense' });
    expect(unknown).to.deep.include({
      status: 400,
      body: { error: 'There is no command /nonsense. Type /help for the list.' },
    });
    const noSubcommand = await post('/api/slash', { as: 'member', channelId: general, text: '/profile nonsense' });
    expect(noSubcommand).to.deep.include({
      status: 400,
      body: { error: '/profile needs a subcommand: view, edit, socials, privacy, badge.' },
    });
    const missing = await post('/api/slash', { as: 'member', channelId: general, text: '/pay @moderator' });
    expect(missing).to.deep.include({ status: 400, body: { error: 'option "amount" is required' } });
    const gone = await post('/api/click', { as: 'member', messageId: '1', customId: 'x' });
    expect(gone).to.deep.include({ status: 404, body: { error: 'That message is not there any more.' } });
    const closedForm = await post('/api/modal', { as: 'member', interactionId: '1', fields: {} });
    expect(closedForm).to.deep.include({ status: 404, body: { error: 'That form is closed; open it again.' } });
    const broken = await fetch(`${playground.url}api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).to.equal(400);
  });

  it('lets a member leave and join again, and streams the change', async () => {
    const from = stream.events.length;
    const left = await post<{ lines: string[] }>('/api/leave', { as: 'member' });
    expect(left.body.lines).to.deep.equal(['member left Sandbox']);
    expect((await state('member')).me.onServer).to.equal(false);
    expect((await state('member')).channels.map((channel) => channel.kind)).to.deep.equal(['dm']);
    await eventually(() => stream.events.slice(from).some((event) => event.event === 'world'), 'a world event');
    const joined = await post<{ lines: string[] }>('/api/join', { as: 'member' });
    expect(joined.body.lines).to.deep.equal(['member joined Sandbox']);
    expect((await state('member')).me.onServer).to.equal(true);
  });
});
