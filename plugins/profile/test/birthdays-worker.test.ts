import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { buildTestGuild, type TestGuild } from '#test/helpers/e2e';
import { workerSuite } from '#test/helpers/worker-suite';

/**
 * The birthday job on a `ROLE=worker` process, which has no gateway and so no guild in its cache: it must tell a
 * deleted channel or role from Discord itself and handle it as the guild's own shard does (see birthdays.test.ts).
 */
describe('birthdays on a worker process', function () {
  this.timeout(60_000);
  const suite = workerSuite('birthday-worker');
  let guild: TestGuild;

  before(() => {
    guild = buildTestGuild(suite.bots.emu);
  });

  it('skips a birthday channel and role deleted since, telling the owner once each, and claims the day', async () => {
    const { emu } = suite.bots;
    const channelId = emu.createChannel(guild.id, { name: 'birthdays' }).id;
    const roleId = emu.createRole(guild.id, { name: 'Birthday' }).id;
    await suite.sql.query(
      `INSERT INTO guild_plugin (guild_id, plugin, enabled, settings, updated_by) VALUES ($1, 'profile', true, $2, $3)`,
      [guild.id, { birthdayChannelId: channelId, birthdayRoleId: roleId }, guild.owner.id],
    );
    // Born today, in UTC: the tick announces them now.
    const today = new Date().toISOString().slice(0, 10);
    for (const user of [guild.member, guild.moderator]) {
      await suite.sql.query(`INSERT INTO profile (user_id, birthday, timezone) VALUES ($1, $2, 'UTC')`, [
        user.id,
        today,
      ]);
      await suite.sql.query('INSERT INTO profile_birthday_guild (guild_id, user_id) VALUES ($1, $2)', [
        guild.id,
        user.id,
      ]);
    }
    await guild.as.owner.deleteChannel(channelId);
    await guild.as.owner.deleteRole(guild.id, roleId);
    const since = emu.mark();

    await suite.runTask('birthdayTick', null);
    await suite.runTask('birthdayTick', null);
    await sleep(200); // a late notice, if any, arrives

    // No log channel is set: the owner hears it by DM, once for the channel and once for the role.
    const told = emu.messagesSince(since).filter((message) => message.author.id === emu.botUserId);
    expect(told.map((message) => emu.world.channel(message.channel_id)?.recipientId)).to.deep.equal([
      guild.owner.id,
      guild.owner.id,
    ]);
    expect(told[0]!.content).to.contain('`birthdayChannelId` setting names a channel that no longer exists');
    expect(told[1]!.content).to.contain('`birthdayRoleId` setting names a role that no longer exists');
    // Both birthdays count as celebrated (not retried every tick), without a role to take back.
    const { rows } = await suite.sql.query<{ roleId: string | null }>(
      'SELECT role_id AS "roleId" FROM profile_birthday_announcement WHERE guild_id = $1',
      [guild.id],
    );
    expect(rows).to.deep.equal([{ roleId: null }, { roleId: null }]);
    expect(suite.worker.output()).not.to.match(/failed this tick|ERROR/);
  });
});
