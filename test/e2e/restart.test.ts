import { expect } from 'chai';
import { Emulator } from '../../emulator';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';
import { runBotProcess as runBot, type BotProcess } from '../helpers/process';

const TOKEN = 'restart-token';

describe('the bot as a process', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let database: TestDatabase;
  let env: Record<string, string>;
  const running: BotProcess[] = [];

  before(async () => {
    emu = await Emulator.start({ token: TOKEN });
    database = await createTestDatabase('restart');
    env = {
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('restart'),
      LOG_LEVEL: 'info',
    };
  });

  after(async () => {
    for (const bot of running) bot.child.kill('SIGKILL');
    await emu?.stop();
    await database?.drop();
  });

  async function startAndWaitReady(): Promise<BotProcess> {
    const bot = runBot(env);
    running.push(bot);
    await eventually(() => /Ready as /.test(bot.output()), `the bot to log ready:\n${bot.output()}`, 30_000);
    return bot;
  }

  it('keeps /config across a restart, and exits 0 promptly on SIGTERM', async () => {
    const owner = emu.createUser({ username: 'owner' });
    const guild = emu.createGuild({ name: 'Restarts', ownerId: owner.id });
    const modLog = emu.createChannel(guild.id, { name: 'mod-log' });
    const admin = emu.actor(owner.id);

    const first = await startAndWaitReady();
    await emu.waitForCommandsRegistered(['config'], { timeoutMs: 15_000 });
    await (
      await admin.slash(guild.generalChannelId, 'config', { subcommand: 'prefix', options: { prefix: '?' } })
    ).reply();
    await admin.say(guild.generalChannelId, `?config channel mod-log <#${modLog.id}>`);
    expect((await emu.waitForMessage({ channelId: guild.generalChannelId })).content).to.equal(
      `The mod-log channel is now <#${modLog.id}>.`,
    );

    const stopAsked = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exit).to.equal(0);
    expect(Date.now() - stopAsked).to.be.below(10_000);

    await startAndWaitReady();
    await admin.say(guild.generalChannelId, '?config show');
    const shown = await emu.waitForMessage({ channelId: guild.generalChannelId });
    const fields = Object.fromEntries(shown.embeds[0]!.fields!.map((field) => [field.name, field.value]));
    expect(fields).to.include({ Prefix: '`?`', 'Mod-log channel': `<#${modLog.id}>` });
  });

  it('stops at start-up with one clear line when Redis is unreachable', async () => {
    const bot = runBot({ ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await bot.exit).to.equal(1);
    expect(bot.output().trim()).to.match(/^Cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/? \(.*\)\. Start one/);
  });

  it('stops at start-up with one line per invalid setting, naming the variable', async () => {
    const bot = runBot({ ...env, LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://nope' });
    expect(await bot.exit).to.equal(1);
    const lines = bot.output().trim().split('\n');
    expect(lines[0]).to.equal('Invalid configuration:');
    expect(lines.slice(1).map((line) => line.trim().split(':')[0])).to.have.members(['- DATABASE_URL', '- LOG_LEVEL']);
  });
});
