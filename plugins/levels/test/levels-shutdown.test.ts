import { expect } from 'chai';
import { Client } from 'pg';
import { buildTestGuild } from '#test/helpers/e2e';
import { botProcessSuite } from '#test/helpers/process-suite';
import levels from '../index';

describe('levels across a shutdown', function () {
  this.timeout(90_000);
  const bots = botProcessSuite('levels-shutdown');

  it('writes the XP still pending in memory when the bot is stopped with SIGTERM', async () => {
    const { emu, database } = bots;
    const guild = buildTestGuild(emu, 'Shutdown');
    const running = await bots.start();
    const admin = guild.as.owner;
    await emu.waitForCommandsRegistered(['plugins'], { timeoutMs: 15_000 });
    await admin.say(guild.generalChannelId, `!plugins enable ${levels.name}`);
    await emu.waitForMessage({ channelId: guild.generalChannelId });
    for (const setting of ['xpMin', 'xpMax']) {
      await admin.say(guild.generalChannelId, `!plugins config ${levels.name} ${setting} 100`);
      await emu.waitForMessage({ channelId: guild.generalChannelId });
    }

    // The level-up announcement shows the bot has counted the messages; the flush (every second) has likely not run.
    const member = guild.as.member;
    for (const text of ['one', 'two', 'three']) await member.say(guild.generalChannelId, text);
    await emu.waitForMessage({ channelId: guild.generalChannelId, predicate: (m) => m.content.includes('level 1') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    running.child.kill('SIGTERM');
    expect(await running.exit).to.equal(0);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT level, total_xp, message_count FROM level WHERE user_id = $1', [
        guild.member.id,
      ]);
      expect(rows).to.deep.equal([{ level: 1, total_xp: 100, message_count: 3 }]);
    } finally {
      await db.end();
    }
  });
});
