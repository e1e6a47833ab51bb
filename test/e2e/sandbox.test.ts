import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { DashboardClient } from '../helpers/dashboard';
import { runBotProcess, type BotProcess } from '../helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';

const ROOT = resolve(__dirname, '../..');

/** Starts the sandbox on `dataDir` and waits for its first prompt. */
async function startSandbox(dataDir: string): Promise<BotProcess> {
  const sandbox = runBotProcess({
    DATA_DIR: dataDir,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_NAMESPACE: uniqueRedisNamespace('sandbox'),
  });
  await eventually(() => sandbox.output().includes('member #general> '), `the prompt:\n${sandbox.output()}`, 60_000);
  return sandbox;
}

/**
 * Types a line into the sandbox and waits until what it printed since matches `expected`; returns that match.
 * Matching only the new output keeps an earlier answer from passing for a later one.
 */
async function type(sandbox: BotProcess, line: string, expected: RegExp): Promise<RegExpMatchArray> {
  const from = sandbox.output().length;
  sandbox.child.stdin!.write(`${line}\n`);
  let match: RegExpMatchArray | null = null;
  await eventually(() => (match = sandbox.output().slice(from).match(expected)) !== null, `${expected}`, 10_000).catch(
    (error: Error) => {
      throw new Error(`${error.message} after "${line}"; it printed:\n${sandbox.output().slice(from)}`);
    },
  );
  return match!;
}

describe('offline sandbox (npm start without a token)', function () {
  this.timeout(120_000);
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bot-sandbox-'));
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the bot against a demo guild on the embedded database, driven through a pipe', async () => {
    const sandbox = await startSandbox(dataDir);
    expect(sandbox.output()).to.include('OFFLINE SANDBOX');
    await type(sandbox, '!plugins list', /bot ▸ ┃ Plugins on Sandbox\n[\s\S]*🟢 \*\*welcome\*\*/);
    await type(sandbox, ':as admin', /admin #general> /);
    await type(
      sandbox,
      '/config show',
      /bot \(only you can see this\) ▸ ┃ Settings of Sandbox[\s\S]*Mod role: @Moderator/,
    );
    await type(sandbox, '/config prefix prefix:?', /The prefix is now `\?`\./);
    await type(sandbox, ':as member', /member #general> $/);
    await type(
      sandbox,
      '?welcome',
      /New members are greeted in #general:\n\s+>>> Welcome to \*\*Sandbox\*\*, @member!/,
    );
    // Every plugin is on in the sandbox; `@name` typed in a message becomes a mention of that demo member.
    await type(sandbox, '?daily', /You claimed your daily reward/);
    await type(sandbox, '?pay @moderator 10', /@member paid @moderator 🪙 10\./);
    await type(sandbox, '/nonsense', /\(There is no command \/nonsense\. Type \/help for the list\.\)/);
    await type(sandbox, ':help', /name:value/);
    sandbox.child.stdin!.write(':quit\n');
    expect(await sandbox.exit).to.equal(0);
  });

  it('serves the web dashboard whose URL it prints, logging in through the emulator', async () => {
    const sandbox = await startSandbox(dataDir);
    // Log in as the demo admin through the emulator's OAuth2, open the server's page.
    const dashboard = new DashboardClient(/Web dashboard: (http:\/\/localhost:\d+)/.exec(sandbox.output())![1]!);
    const login = await dashboard.get('/');
    expect(login.text).to.include('Log in with Discord');
    const picker = await fetch((await dashboard.request('/login')).headers.get('location')!);
    const adminId = /name="user_id" value="(\d+)">admin</.exec(await picker.text())![1]!;
    await dashboard.login(adminId);
    const serverPath = /href="(\/servers\/\d+)"/.exec((await dashboard.get('/')).text)![1]!;
    const server = await dashboard.get(serverPath);
    expect(server.status).to.equal(200);
    expect(server.text).to.include('Sandbox: plugins');
    sandbox.child.stdin!.write(':quit\n');
    expect(await sandbox.exit).to.equal(0);
  });

  it('lets a person finish every flow: forms, older buttons, menus, bot-made channels, DMs, rejoining', async () => {
    // A later run on the same data folder: the embedded database written by the first is read back.
    const sandbox = await startSandbox(dataDir);

    // A ticket through its form: the words after the command answer the first field, the rest is asked for.
    await type(sandbox, '/ticket open Printer broken', /┃ Title: Printer broken\n┃ What do you need help with\?: $/);
    await type(
      sandbox,
      'It jams on every page',
      /\[#ticket-0001\] bot ▸ @member @Support\n\s+┃ Ticket #0001: Printer broken\n\s+┃ It jams on every page[\s\S]*\[1 Claim\] \[2 Close\]/,
    );
    await type(sandbox, ':as support', /support #general> $/);
    await type(sandbox, ':in ticket-0001', /support #ticket-0001> $/);
    // A newer (hidden) reply with a menu does not hide the ticket message's buttons.
    await type(sandbox, '/help', /\[▼ Show how to use the commands of…: [^\]]*tickets/);
    await type(sandbox, ':select tickets', /┃ How to use tickets\n[\s\S]*\/ticket open/);
    await type(sandbox, ':click Claim', /bot ▸ @support claimed ticket #0001\./);
    await type(sandbox, ':click close', /Ticket #0001 was closed by @support/);

    // The welcome greeting through its form, by the button's number.
    await type(sandbox, ':as admin', /admin #ticket-0001> $/);
    await type(sandbox, ':in general', /admin #general> $/);
    await type(sandbox, '/welcome', /\[1 Edit greeting\]/);
    await type(sandbox, ':click 1', /┃ Edit the welcome greeting[^\n]*\n┃ Greeting [^\n]*: $/);
    await type(
      sandbox,
      'Hello {user}, welcome to {server}!',
      /Saved\. New members will now be greeted with:\n\s+>>> Hello \{user\}/,
    );

    // A DM reaches the bot, and its answer shows where it is.
    await type(sandbox, ':as member', /member #general> $/);
    await type(sandbox, ':in dm', /member DM> $/);
    await type(sandbox, '!help', /^!help\nbot ▸ ┃ Commands you can use/);
    await type(sandbox, ':as moderator', /moderator DM> $/);
    await type(sandbox, ':in general', /moderator #general> $/);

    // Timestamps render as text: a tempban's end as a date, and in the mod log also as `in 24 hours`.
    await type(
      sandbox,
      '/ban @member 1d reason:spamming',
      /Banned \*\*member\*\* until \w+, \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(case #\d+\)/,
    );
    await type(sandbox, ':as member', /member #general> $/);
    await type(sandbox, ':join', /\(admin lifted the ban on member\)\n\(member joined Sandbox\)/);
    // Welcomed back with the greeting edited above.
    await eventually(() => /bot ▸ Hello @member, welcome to Sandbox!/.test(sandbox.output()), 'the new greeting');
    await type(sandbox, '/daily', /You claimed your daily reward/);
    await type(sandbox, '/daily', /The next one is due in (2[34] hours|1 day)\./);

    // An image reply is saved where the person can open it.
    const [, path] = await type(sandbox, '/rank', /📎 rank\.png saved to (\S+)/);
    const saved = resolve(ROOT, path!);
    expect(existsSync(saved)).to.equal(true);
    expect(readFileSync(saved).subarray(1, 4).toString()).to.equal('PNG');
    expect(saved.startsWith(join(dataDir, 'sandbox', 'files'))).to.equal(true);

    sandbox.child.stdin!.write(':quit\n');
    expect(await sandbox.exit).to.equal(0);
  });

  it('says in one line how to start Redis when it is unreachable', async () => {
    const sandbox = runBotProcess({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await sandbox.exit).to.equal(1);
    expect(sandbox.output().trim().split('\n')).to.have.length(1);
    expect(sandbox.output()).to.match(/Cannot reach Redis .* Start one \(for example `redis-server --daemonize yes`\)/);
  });
});
