import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { Emulator } from '../../emulator';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { textOf } from '../helpers/e2e';
import { runBotProcess, type BotProcess } from '../helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';

const TOKEN = 'economy-restart-token';

describe('economy across a crash', function () {
  this.timeout(90_000);
  let emu: Emulator;
  let database: TestDatabase;
  const running: BotProcess[] = [];

  before(async () => {
    emu = await Emulator.start({ token: TOKEN });
    database = await createTestDatabase('economy_restart');
  });

  after(async () => {
    for (const bot of running) bot.child.kill('SIGKILL');
    await emu?.stop();
    await database?.drop();
  });

  async function start(): Promise<BotProcess> {
    const bot = runBotProcess({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('economy-restart'),
      LOG_LEVEL: 'info',
    });
    running.push(bot);
    await eventually(() => /Ready as /.test(bot.output()), `the bot to log ready:\n${bot.output()}`, 30_000);
    return bot;
  }

  const nextButton = (message: APIMessage) =>
    (message.components![0] as { components: { custom_id: string; label: string }[] }).components.find(
      (button) => button.label === '▶',
    )!.custom_id;

  it('keeps balances, claim windows and ledger pages when the process is killed', async () => {
    const owner = emu.createUser({ username: 'owner' });
    const member = emu.createUser({ username: 'saver' });
    const guild = emu.createGuild({ name: 'Crashes', ownerId: owner.id });
    emu.addMember(guild.id, member.id);
    const admin = emu.actor(owner.id);
    const saver = emu.actor(member.id);
    const slash = async (actor: typeof admin, command: string, options: Record<string, string> = {}) =>
      (await actor.slash(guild.generalChannelId, command, { options })).reply();

    const first = await start();
    await emu.waitForCommandsRegistered(['daily', 'pay', 'transactions'], { timeoutMs: 15_000 });
    await admin.say(guild.generalChannelId, '!plugins enable economy');
    await emu.waitForMessage({ channelId: guild.generalChannelId });
    expect((await slash(saver, 'daily')).content).to.match(/^You claimed your daily reward of 🪙 100!/);
    for (let index = 0; index < 11; index++) await slash(saver, 'pay', { member: owner.id, amount: '1' });
    const ledger = await slash(saver, 'transactions');
    expect(ledger.embeds[0]!.footer?.text).to.equal('Page 1 of 2');

    first.child.kill('SIGKILL');
    await first.exit;
    await start();

    expect(textOf(await slash(saver, 'balance'))).to.match(/Wallet\n🪙 89[\s\S]*Daily streak\n1 day/);
    expect((await slash(saver, 'daily')).content).to.match(/already claimed your daily reward/);
    const turned = await (await saver.clickButton(ledger, nextButton(ledger))).reply();
    expect(turned.embeds[0]!.footer?.text).to.equal('Page 2 of 2');
    expect(turned.embeds[0]!.description).to.include('+ 🪙 100** · DAILY');
  });
});
