import { expect } from 'chai';
import { buildTestGuild } from '../helpers/e2e';
import { runBotProcess as runBot } from '../helpers/process';
import { botProcessSuite } from '../helpers/process-suite';

describe('the bot as a process', function () {
  this.timeout(60_000);
  const bots = botProcessSuite('restart');

  it('keeps /config across a restart, and exits 0 promptly on SIGTERM', async () => {
    const { emu } = bots;
    const guild = buildTestGuild(emu, 'Restarts');
    const modLog = emu.createChannel(guild.id, { name: 'mod-log' });
    const admin = guild.as.owner;

    const first = await bots.start();
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

    await bots.start();
    await admin.say(guild.generalChannelId, '?config show');
    const shown = await emu.waitForMessage({ channelId: guild.generalChannelId });
    const fields = Object.fromEntries(shown.embeds[0]!.fields!.map((field) => [field.name, field.value]));
    expect(fields).to.include({ Prefix: '`?`', 'Mod-log channel': `<#${modLog.id}>` });
  });

  it('stops at start-up with one clear line when Redis is unreachable', async () => {
    const bot = runBot({ ...bots.env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(await bot.exit).to.equal(1);
    expect(bot.output().trim()).to.match(/^Cannot reach Redis at redis:\/\/127\.0\.0\.1:1\/? \(.*\)\. Start one/);
  });

  it('stops at start-up with one line per invalid setting, naming the variable', async () => {
    const bot = runBot({ ...bots.env, LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://nope' });
    expect(await bot.exit).to.equal(1);
    const lines = bot.output().trim().split('\n');
    expect(lines[0]).to.equal('Invalid configuration:');
    expect(lines.slice(1).map((line) => line.trim().split(':')[0])).to.have.members(['- DATABASE_URL', '- LOG_LEVEL']);
  });
});
