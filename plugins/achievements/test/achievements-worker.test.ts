import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { buildTestGuild, type TestGuild } from '#test/helpers/e2e';
import { workerSuite } from '#test/helpers/worker-suite';

/**
 * The retroactive evaluation on a `ROLE=worker` process, which has no gateway and so no guild in its cache: it must
 * tell a deleted announcement channel from Discord itself and handle it as the guild's own shard does (see
 * achievements.test.ts).
 */
describe('achievements retroactive job on a worker process', function () {
  this.timeout(60_000);
  const suite = workerSuite('achievements-worker');
  let guild: TestGuild;

  before(() => {
    guild = buildTestGuild(suite.bots.emu);
  });

  it('skips an announcement channel deleted since, telling the admins once, and still unlocks', async () => {
    const { emu } = suite.bots;
    const log = emu.createChannel(guild.id, { name: 'bot-log' }).id;
    const trophies = emu.createChannel(guild.id, { name: 'trophies' }).id;
    await suite.sql.query('INSERT INTO guild_config (id, name, log_channel_id) VALUES ($1, $2, $3)', [
      guild.id,
      'Worker',
      log,
    ]);
    await suite.sql.query(
      `INSERT INTO guild_plugin (guild_id, plugin, enabled, settings, updated_by)
       VALUES ($1, 'achievements', true, $2, $3)`,
      [guild.id, { announce: 'channel', announceChannelId: trophies }, guild.owner.id],
    );
    // A requirement lowered to what two members already have: the job owes them the achievement.
    const { rows } = await suite.sql.query<{ id: number }>(
      `INSERT INTO achievement (guild_id, name, description, type, requirement, icon, retro_pending)
       VALUES ($1, 'Guardian', 'Moderate twice.', 'MODERATION', 2, '⚔️', true) RETURNING id`,
      [guild.id],
    );
    const achievementId = rows[0]!.id;
    for (const user of [guild.member, guild.moderator]) {
      await suite.sql.query('INSERT INTO achievement_member (guild_id, user_id, moderation) VALUES ($1, $2, 2)', [
        guild.id,
        user.id,
      ]);
    }
    await guild.as.owner.deleteChannel(trophies);
    const since = emu.mark();

    await suite.runTask('achievementsRetro', { guildId: guild.id, achievementId, channelId: null });
    await sleep(200); // a late message, if any, arrives

    const bot = emu.messagesSince(since).filter((message) => message.author.id === emu.botUserId);
    expect(bot.map((message) => message.channel_id)).to.deep.equal([log]);
    expect(bot[0]!.content).to.contain(
      `the \`announceChannelId\` setting names a channel that no longer exists (<#${trophies}>`,
    );
    const unlocked = await suite.sql.query<{ user_id: string }>(
      'SELECT user_id::text FROM achievement_unlock WHERE achievement_id = $1 ORDER BY user_id',
      [achievementId],
    );
    expect(unlocked.rows.map((row) => row.user_id)).to.have.members([guild.member.id, guild.moderator.id]);
    expect(suite.worker.output()).not.to.match(/ERROR/);
  });
});
