import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runBotProcess } from '../helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';

describe('offline sandbox (npm start without a token)', function () {
  this.timeout(90_000);
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bot-sandbox-'));
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the bot against a demo guild on the embedded database, driven through a pipe', async () => {
    const sandbox = runBotProcess({
      DATA_DIR: dataDir,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('sandbox'),
    });
    await eventually(() => sandbox.output().includes('member #general> '), `the prompt:\n${sandbox.output()}`, 60_000);
    expect(sandbox.output()).to.include('OFFLINE SANDBOX');

    const type = async (line: string, expected: RegExp) => {
      sandbox.child.stdin!.write(`${line}\n`);
      await eventually(
        () => expected.test(sandbox.output()),
        `${expected} after "${line}":\n${sandbox.output()}`,
        10_000,
      );
    };
    await type('!plugins list', /bot ▸ ┃ Plugins on Sandbox\n[\s\S]*🟢 \*\*welcome\*\*/);
    await type(':as admin', /admin #general> /);
    await type('/config show', /bot \(only you can see this\) ▸ ┃ Settings of Sandbox[\s\S]*Mod role: @moderator/);
    await type('/config prefix prefix:?', /The prefix is now `\?`\./);
    await type(':as member', /member #general> $/);
    await type('?welcome', /New members are greeted in #general:\n\s+>>> Welcome to \*\*Sandbox\*\*, @member!/);
    // Every plugin is on in the sandbox; `@name` typed in a message becomes a mention of that demo member.
    await type('?daily', /You claimed your daily reward/);
    await type('?pay @moderator 10', /@member paid @moderator 🪙 10\./);
    await type('/nonsense', /\(emulator: .*nonsense.*\)/);
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
