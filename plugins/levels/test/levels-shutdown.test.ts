import { expect } from 'chai';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '#test/helpers/database';
import { runBotProcess, type BotProcess } from '#test/helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '#test/helpers/redis';
import { eventually } from '#test/helpers/wait';
import { Emulator } from '#emulator';
import levels from '../index';

const TOKEN = 'levels-shutdown-token';

describe('levels across a shutdown', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let database: TestDatabase;
  let bot: BotProcess | undefined;

  before(async () => {
    emu = await Emulator.start({ token: TOKEN });
    database = await createTestDatabase('levels_shutdown');
  });

  after(async () => {
    bot?.child.kill('SIGKILL');
    await emu?.stop();
    await database?.drop();
  });

  it('writes the XP still pending in memory when the bot is stopped with SIGTERM', async () => {
    const owner = emu.createUser({ username: 'owner' });
    const chatter = emu.createUser({ username: 'chatter' });
    const guild = emu.createGuild({ name: 'Shutdown', ownerId: owner.id });
    emu.addMember(guild.id, chatter.id);
    bot = runBotProcess({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('levels-shutdown'),
      LOG_LEVEL: 'info',
    });
    const running = bot;
    await eventually(() => /Ready as /.test(running.output()), `the bot to be ready:\n${running.output()}`, 30_000);
    const admin = emu.actor(owner.id);
    await emu.waitForCommandsRegistered(['plugins'], { timeoutMs: 15_000 });
    await admin.say(guild.generalChannelId, `!plugins enable ${levels.name}`);
    await emu.waitForMessage({ channelId: guild.generalChannelId });
    for (const setting of ['xpMin', 'xpMax']) {
      await admin.say(guild.generalChannelId, `!plugins config ${levels.name} ${setting} 100`);
      await emu.waitForMessage({ channelId: guild.generalChannelId });
    }

    // The level-up announcement shows the bot has counted the messages; the flush (every second) has likely not run.
    const member = emu.actor(chatter.id);
    for (const text of ['one', 'two', 'three']) await member.say(guild.generalChannelId, text);
    await emu.waitForMessage({ channelId: guild.generalChannelId, predicate: (m) => m.content.includes('level 1') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    running.child.kill('SIGTERM');
    expect(await running.exit).to.equal(0);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT level, total_xp, message_count FROM level WHERE user_id = $1', [
        chatter.id,
      ]);
      expect(rows).to.deep.equal([{ level: 1, total_xp: 100, message_count: 3 }]);
    } finally {
      await db.end();
    }
  });
});
