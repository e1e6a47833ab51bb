import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType } from 'discord.js';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import profile from '../index';
import { CHART_HEIGHT, CHART_WIDTH } from '../lib/activityChart';

describe('statistics end to end', function () {
  this.timeout(40_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['stats', 'warn', 'ban', 'unban', 'ticket', 'purge'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    const categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
    await container.guildSettings.updateConfig(
      guild.id,
      guild.owner.id,
      {
        supportRoleId: guild.modRoleId,
        supportCategoryId: categoryId,
        modRoleId: guild.modRoleId,
      },
      guild.setupBy,
    );
    for (const plugin of [profile.name, 'tickets', 'moderation']) {
      await container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
    }
  });

  it('counts commands, tickets closed, bans, unbans and warnings from real use, and charts the server', async () => {
    const peer = h.emu.createUser({ username: `peer-${guild.id.slice(-4)}` });
    h.emu.addMember(guild.id, peer.id);
    const opened = await guild.prefix(guild.as.member, '!ticket open Printer | It is on fire');
    const ticketChannelId = /<#(\d+)>/.exec(opened.text)![1]!;
    await guild.as.moderator.say(ticketChannelId, '!ticket close fixed');
    await h.emu.waitForMessage({ channelId: ticketChannelId, predicate: (m) => /closed/i.test(m.content) });
    await guild.slash(guild.as.moderator, 'warn', undefined, { member: guild.member.id, reason: 'spam' });
    await guild.slash(guild.as.moderator, 'ban', undefined, { user: peer.id });
    await guild.slash(guild.as.moderator, 'unban', undefined, { user: peer.id });
    await guild.as.member.say(guild.generalChannelId, 'hello');
    // The owner deletes two of the member's messages by hand; the audit log names them.
    for (const text of ['spam 1', 'spam 2']) {
      const spam = await guild.as.member.say(guild.generalChannelId, text);
      await guild.as.owner.delete(spam);
    }

    const stats = await guild.slash(guild.as.member, 'stats', 'member', { member: guild.moderator.id });
    expect(stats.text.split('\n')).to.deep.equal([
      `**${guild.moderator.username}**`,
      'Commands used: 4 (#1 here)',
      'Tickets closed: 1',
      'Bans: 1 · Unbans: 1 · Warnings given: 1',
      'Messages of others deleted: 0',
      stats.text.split('\n')[5],
    ]);
    expect(stats.text).to.match(/Last active: <t:\d+:R>$/);
    // The member's prefix `!ticket open` and this `/stats` count too.
    await eventually(
      async () => (await container.statistics.ofMember(guild.id, guild.owner.id)).messagesDeleted === 2,
      'the deletions counted for the owner',
    );
    expect(await container.statistics.ofMember(guild.id, guild.member.id)).to.include({
      commandsUsed: 2,
      commandsRank: 2,
    });

    const server = await guild.slash(guild.as.owner, 'stats', 'server');
    expect(server.text).to.contain('Members: 4');
    expect(server.text).to.match(/Messages today: [1-9]\d*/);
    expect(server.text).to.contain('Commands (30 days): 7 · all time: 7');
    expect(server.text).to.match(/Tickets \(30 days\): 1 opened · 1 closed · median first response (—|\d+s)\n/);
    expect(server.text).to.contain('Moderation actions (30 days): 3');
    expect(server.reply.attachments).to.have.length(1);
    const png = Buffer.from(await (await fetch(server.reply.attachments[0]!.url)).arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([CHART_WIDTH, CHART_HEIGHT]);
  });

  it("counts the others' messages a moderator deletes with /purge, not their own", async () => {
    for (const [actor, text] of [
      [guild.as.member, 'spam 1'],
      [guild.as.moderator, 'please stop'],
      [guild.as.member, 'spam 2'],
      [guild.as.owner, 'agreed'],
    ] as const) {
      await actor.say(guild.generalChannelId, text);
    }
    const purged = await guild.slash(guild.as.moderator, 'purge', undefined, { count: 4 });
    expect(purged.text).to.equal('Deleted 4 message(s) (case #1).');
    // One message alone is deleted without a bulk delete; the audit log then names the bot, which is not counted.
    await guild.as.member.say(guild.generalChannelId, 'spam 3');
    expect((await guild.slash(guild.as.moderator, 'purge', undefined, { count: 1 })).text).to.equal(
      'Deleted 1 message(s) (case #2).',
    );
    // Purging only their own messages counts nothing.
    await guild.as.moderator.say(guild.generalChannelId, 'oops');
    await guild.as.moderator.say(guild.generalChannelId, 'oops again');
    await guild.slash(guild.as.moderator, 'purge', undefined, { count: 2, member: guild.moderator.id });

    const deletedBy = async (userId: string) => (await container.statistics.ofMember(guild.id, userId)).messagesDeleted;
    await eventually(async () => (await deletedBy(guild.moderator.id)) === 4, 'the purged messages of others counted');
    expect(await deletedBy(guild.owner.id)).to.equal(0);
    const stats = await guild.slash(guild.as.member, 'stats', 'member', { member: guild.moderator.id });
    expect(stats.text).to.contain('Messages of others deleted: 4');
  });

  it('counts nothing where counting is switched off; a member with no activity reads zeros', async () => {
    await profile.setSetting(guild.id, 'countStatistics', false, guild.setupBy);
    await guild.slash(guild.as.moderator, 'warn', undefined, { member: guild.member.id });
    const stats = await guild.slash(guild.as.member, 'stats', 'member', { member: guild.moderator.id });
    expect(stats.text).to.contain('Commands used: 0\n').and.to.contain('Last active: never seen');
  });
});
