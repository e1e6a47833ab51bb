import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { buildTestGuild, textOf } from '#test/helpers/e2e';
import { botProcessSuite } from '#test/helpers/process-suite';
import economy from '../index';

describe('economy across a crash', function () {
  this.timeout(90_000);
  const bots = botProcessSuite('economy-restart', { redisNamespacePerStart: true });

  const nextButton = (message: APIMessage) =>
    (message.components![0] as { components: { custom_id: string; label: string }[] }).components.find(
      (button) => button.label === '▶',
    )!.custom_id;

  it('keeps balances, claim windows and ledger pages when the process is killed', async () => {
    const { emu } = bots;
    const guild = buildTestGuild(emu, 'Crashes');
    const [admin, saver] = [guild.as.owner, guild.as.member];
    const slash = async (actor: typeof admin, command: string, options: Record<string, string> = {}) =>
      (await actor.slash(guild.generalChannelId, command, { options })).reply();

    const first = await bots.start();
    await emu.waitForCommandsRegistered(['daily', 'pay', 'transactions'], { timeoutMs: 15_000 });
    await admin.say(guild.generalChannelId, `!plugins enable ${economy.name}`);
    await emu.waitForMessage({ channelId: guild.generalChannelId });
    expect((await slash(saver, 'daily')).content).to.match(/^You claimed your daily reward of 🪙 100!/);
    for (let index = 0; index < 11; index++) await slash(saver, 'pay', { member: guild.owner.id, amount: '1' });
    const ledger = await slash(saver, 'transactions');
    expect(ledger.embeds[0]!.footer?.text).to.equal('Page 1 of 2');

    first.child.kill('SIGKILL');
    await first.exit;
    await bots.start();

    expect(textOf(await slash(saver, 'balance'))).to.match(/Wallet\n🪙 89[\s\S]*Daily streak\n1 day/);
    expect((await slash(saver, 'daily')).content).to.match(/already claimed your daily reward/);
    const turned = await (await saver.clickButton(ledger, nextButton(ledger))).reply();
    expect(turned.embeds[0]!.footer?.text).to.equal('Page 2 of 2');
    expect(turned.embeds[0]!.description).to.include('+ 🪙 100** · DAILY');
  });
});
