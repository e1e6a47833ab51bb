import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import profile from '../index';
import { birthdayService } from '../lib/birthdays';

describe('birthdays end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let channelId: string;
  let roleId: string;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['birthday'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, profile.name, guild.setupBy);
    channelId = h.emu.createChannel(guild.id, { name: 'birthdays' }).id;
    roleId = h.emu.createRole(guild.id, { name: 'Birthday' }).id;
    await profile.setSetting(guild.id, 'birthdayChannelId', channelId, guild.setupBy);
    await profile.setSetting(guild.id, 'birthdayRoleId', roleId, guild.setupBy);
  });

  const announcements = () =>
    h.emu.world
      .messages(channelId)
      .filter((message) => message.content.startsWith('🎂'))
      .map((message) => message.content);

  it('announces each birthday once at the zone’s midnight (:30 and :45 offsets), across a restart, with the role for the day', async () => {
    expect(
      (await guild.slash(guild.as.member, 'birthday', 'set', { date: '03-15', timezone: 'Asia/Kolkata' })).text,
    ).to.equal('Saved: your birthday is March 15 (Asia/Kolkata). It will be celebrated here.');
    await guild.slash(guild.as.moderator, 'birthday', 'set', { date: '2001-03-15', timezone: 'Asia/Kathmandu' });

    let now = new Date('2027-03-14T18:10:00Z'); // 23:40 in Kolkata (+5:30), 23:55 in Kathmandu (+5:45)
    const clock = () => now;
    const birthdays = birthdayService(profile, clock);
    await birthdays.tick();
    expect(announcements()).to.deep.equal([]);

    now = new Date('2027-03-14T18:20:00Z'); // 00:05 on the 15th in Kathmandu; still the 14th in Kolkata
    await birthdays.tick();
    expect(announcements()).to.deep.equal([`🎂 Happy birthday, <@${guild.moderator.id}>!`]);

    now = new Date('2027-03-14T18:35:00Z'); // 00:05 in Kolkata; two ticks at once announce once
    await Promise.all([birthdays.tick(), birthdays.tick()]);
    expect(announcements()).to.deep.equal([
      `🎂 Happy birthday, <@${guild.moderator.id}>!`,
      `🎂 Happy birthday, <@${guild.member.id}>!`,
    ]);
    expect(h.emu.world.member(guild.id, guild.member.id)!.roles).to.include(roleId);

    // A restarted bot (a new service, nothing in memory) ticks again the same day: nothing is repeated.
    now = new Date('2027-03-14T18:50:00Z');
    await birthdayService(profile, clock).tick();
    expect(announcements()).to.have.length(2);

    // The day is over in Kolkata: the role is taken back.
    now = new Date('2027-03-15T18:31:00Z');
    await birthdayService(profile, clock).tick();
    expect(h.emu.world.member(guild.id, guild.member.id)!.roles).not.to.include(roleId);
    expect(announcements()).to.have.length(2);

    // Next year it is announced again.
    now = new Date('2028-03-14T18:35:00Z');
    await birthdayService(profile, clock).tick();
    expect(announcements()).to.have.length(4);
  });

  it('skips a birthday channel and role deleted since, telling the owner once each, and claims the day', async () => {
    await guild.slash(guild.as.member, 'birthday', 'set', { date: '07-04' });
    await guild.slash(guild.as.moderator, 'birthday', 'set', { date: '07-04' });
    await guild.as.owner.deleteChannel(channelId);
    await guild.as.owner.deleteRole(guild.id, roleId);
    await eventually(
      () => !container.client.guilds.cache.get(guild.id)!.roles.cache.has(roleId),
      'the bot to see the deletes',
    );
    const since = h.emu.mark();
    const clock = () => new Date('2027-07-04T00:20:00Z');
    await birthdayService(profile, clock).tick();
    await birthdayService(profile, clock).tick();
    // No log channel is set: the owner hears it by DM.
    const told = h.emu.messagesSince(since).filter((message) => message.author.id === h.emu.botUserId);
    expect(told.map((message) => h.emu.world.channel(message.channel_id)?.recipientId)).to.deep.equal([
      guild.owner.id,
      guild.owner.id,
    ]);
    expect(told[0]!.content).to.contain('`birthdayChannelId` setting names a channel that no longer exists');
    expect(told[1]!.content).to.contain('`birthdayRoleId` setting names a role that no longer exists');
    // Both birthdays count as celebrated (not retried every tick), without a role to take back.
    const rows: { roleId: string | null }[] = await container.database.query(
      'SELECT role_id AS "roleId" FROM profile_birthday_announcement WHERE guild_id = $1',
      [guild.id],
    );
    expect(rows).to.deep.equal([{ roleId: null }, { roleId: null }]);
  });

  it('lists the month’s birthdays, removes one, and refuses bad dates and unknown zones', async () => {
    await guild.slash(guild.as.member, 'birthday', 'set', { date: '03-15' });
    await guild.slash(guild.as.moderator, 'birthday', 'set', { date: '03-02', timezone: 'europe/paris' });
    expect((await guild.slash(guild.as.member, 'birthday', 'list', { month: 3 })).text).to.equal(
      `**Birthdays in March**\nMarch 2 · <@${guild.moderator.id}>\nMarch 15 · <@${guild.member.id}>`,
    );
    expect((await container.profile.profiles.find(guild.moderator.id))!.timezone).to.equal('Europe/Paris');
    const refusals: [Record<string, string>, string][] = [
      [{ date: '13-40' }, '`13-40` is not a date: use `MM-DD` (e.g. `03-15`) or `YYYY-MM-DD`.'],
      [{ date: '2001-02-29' }, '`2001-02-29` is not a date'],
      [
        { date: '03-15', timezone: 'Mars/Olympus' },
        '`Mars/Olympus` is not a time zone I know: use an IANA name like `Europe/Paris`',
      ],
    ];
    for (const [options, message] of refusals) {
      const reply = await guild.slash(guild.as.member, 'birthday', 'set', options);
      expect(reply.ephemeral).to.equal(true);
      expect(reply.text).to.contain(message);
    }
    expect((await guild.slash(guild.as.member, 'birthday', 'remove')).text).to.equal(
      'Your birthday will no longer be announced here.',
    );
    expect((await guild.slash(guild.as.member, 'birthday', 'list', { month: 3 })).text).to.equal(
      `**Birthdays in March**\nMarch 2 · <@${guild.moderator.id}>`,
    );
  });

  it('keeps the recurring job scheduled every 15 minutes', async () => {
    const scheduler = await container.tasks.client.getJobScheduler('birthdayTick');
    expect(scheduler?.every).to.equal(15 * 60_000);
  });
});
