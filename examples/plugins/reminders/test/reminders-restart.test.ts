import { expect } from 'chai';
import { buildTestGuild } from '#test/helpers/e2e';
import { botProcessSuite } from '#test/helpers/process-suite';
import { eventually } from '#test/helpers/wait';

/**
 * The example plugin across a crash on the embedded database: a reminder set before SIGKILL is posted exactly once
 * by the next process, whose Redis namespace is new (its job is gone), because `reconcile` re-queues it.
 */
describe('reminders across a crash, on embedded PGlite', function () {
  this.timeout(90_000);
  const bots = botProcessSuite('reminders-restart', {
    redisNamespacePerStart: true,
    embedded: true,
    // The example plugin as the compiled bot loads it.
    env: { EXTRA_PLUGIN_DIRS: 'dist/examples/plugins' },
  });

  it('posts a reminder set before the crash once, after the restart', async () => {
    const { emu } = bots;
    const guild = buildTestGuild(emu, 'Forgetful');
    const admin = guild.as.owner;

    const first = await bots.start();
    await emu.waitForCommandsRegistered(['remind'], { timeoutMs: 15_000 });
    await admin.say(guild.generalChannelId, '!plugins enable reminders');
    await emu.waitForMessage({ channelId: guild.generalChannelId });
    const set = await (
      await admin.slash(guild.generalChannelId, 'remind', {
        subcommand: 'set',
        options: { in: '8s', text: 'after the crash' },
      })
    ).reply();
    expect(set.content).to.match(/^Reminder #1 set for/);
    first.child.kill('SIGKILL');
    await first.exit;

    await bots.start();
    const posted = () =>
      emu.world.messages(guild.generalChannelId).filter((message) => message.content.endsWith('after the crash'));
    await eventually(() => posted().length === 1, 'the reminder posted by the second process', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(posted()).to.have.length(1);
  });
});
