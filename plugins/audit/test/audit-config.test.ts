import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { createTestGuild, harness, type Harness } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import audit from '../index';
import { AuditLog } from '../entities/AuditLog';
import { auditGuild, field, logEmbed, logEmbeds, storedRows, type AuditGuild } from './helpers';

describe('audit plugin: routing, ignore lists, floods, unwritable channels, retention and search', function () {
  this.timeout(45_000);
  let h: Harness;
  let guild: AuditGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['audit'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await auditGuild(h);
  });

  /** A member's message, cached by the plugin, then edited: the quickest event to log. */
  async function editBy(actor: AuditGuild['as']['member'], channelId = guild.generalChannelId, text = 'hello') {
    const sent = await actor.say(channelId, text);
    await eventually(() => container.audit.messages.get(sent.id) !== undefined, 'the message to be cached');
    await actor.edit(sent, `${text}, edited`);
    return sent;
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('routes a category to its own channel, the rest to the log channel, and skips categories switched off', async () => {
    const messagesChannel = h.emu.createChannel(guild.id, { name: 'message-log' });
    await eventually(() => container.client.channels.cache.has(messagesChannel.id), 'the bot to see #message-log');
    const set = await guild.slash(guild.as.owner, 'audit', 'channel', {
      category: AuditEvent.MESSAGE_EVENTS,
      channel: messagesChannel.id,
    });
    expect(set.text).to.equal(`**MESSAGE_EVENTS** now go to <#${messagesChannel.id}>.`);
    const since = h.emu.mark();
    await editBy(guild.as.member);
    await logEmbed(h, messagesChannel.id, 'Message edited', since);
    const newcomer = h.emu.createUser({ username: 'routed' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    await logEmbed(h, guild.logChannelId, /^.*Member joined/, since);
    expect(logEmbeds(h, guild.logChannelId, since).map((embed) => embed.title)).not.to.include('Message edited');

    const shown = await guild.slash(guild.as.owner, 'audit', 'show');
    expect(shown.text).to.contain(`✅ **MESSAGE_EVENTS** → <#${messagesChannel.id}>`);

    // `/config audit-events` decides: with MESSAGE_EVENTS off, edits are neither stored nor posted.
    await guild.slash(guild.as.owner, 'config', 'audit-events', { events: 'MEMBER_EVENTS' });
    const offSince = h.emu.mark();
    await guild.as.member.say(guild.generalChannelId, 'not cached now');
    await sleep(3000);
    expect(logEmbeds(h, messagesChannel.id, offSince)).to.deep.equal([]);
    const rows = await storedRows(guild.id);
    expect(rows.filter((row) => row.actionType === 'message_edit')).to.have.length(1);
  });

  it('ignores channels, categories, roles, users and bots, and logs them again once unignored', async () => {
    const category = h.emu.createChannel(guild.id, { name: 'Staff', type: 4 });
    const staffRoom = h.emu.createChannel(guild.id, { name: 'staff-room', parentId: category.id });
    const bot = h.emu.createUser({ username: 'helperbot', bot: true });
    h.emu.addMember(guild.id, bot.id);
    await eventually(() => container.client.channels.cache.has(staffRoom.id), 'the bot to see #staff-room');
    const ignore = (kind: string, target?: string) =>
      guild.slash(guild.as.owner, 'audit', 'ignore', target ? { kind, target } : { kind });
    expect((await ignore('category', category.id)).text).to.equal(`<#${category.id}> is now ignored by the audit log.`);
    expect((await ignore('role', `<@&${guild.modRoleId}>`)).text).to.equal(
      `<@&${guild.modRoleId}> is now ignored by the audit log.`,
    );
    expect((await ignore('bots')).text).to.equal('Bots are now ignored by the audit log.');
    expect((await ignore('user', guild.owner.id)).text).to.equal(
      `<@${guild.owner.id}> is now ignored by the audit log.`,
    );

    const since = h.emu.mark();
    await editBy(guild.as.member, staffRoom.id); // ignored category
    await editBy(guild.as.moderator); // ignored role
    await editBy(h.emu.actor(bot.id)); // a bot
    await editBy(guild.as.owner); // ignored user
    await sleep(3000);
    const edits = () => logEmbeds(h, guild.logChannelId, since).filter((embed) => embed.title === 'Message edited');
    expect(edits()).to.deep.equal([]);

    expect(
      (await guild.slash(guild.as.owner, 'audit', 'unignore', { kind: 'category', target: category.id })).text,
    ).to.equal(`<#${category.id}> is logged again.`);
    await editBy(guild.as.member, staffRoom.id);
    await logEmbed(h, guild.logChannelId, 'Message edited', since);
    const shown = await guild.slash(guild.as.owner, 'audit', 'show');
    expect(shown.text).to.contain(`<@&${guild.modRoleId}>`).and.to.contain(`<@${guild.owner.id}>`);
  });

  it('refuses ignore entries that are not of this server, with a clear reply', async () => {
    const other = await createTestGuild(h.emu, 'Elsewhere');
    const foreignChannel = other.generalChannelId;
    const channel = await guild.slash(guild.as.owner, 'audit', 'ignore', { kind: 'channel', target: foreignChannel });
    expect(channel.text).to.equal(`There is no channel with the id \`${foreignChannel}\` on this server.`);
    expect(channel.ephemeral).to.equal(true);
    const role = await guild.slash(guild.as.owner, 'audit', 'ignore', { kind: 'role', target: other.modRoleId });
    expect(role.text).to.equal(`There is no role with the id \`${other.modRoleId}\` on this server.`);
    const notCategory = await guild.slash(guild.as.owner, 'audit', 'ignore', {
      kind: 'category',
      target: guild.generalChannelId,
    });
    expect(notCategory.text).to.equal(`<#${guild.generalChannelId}> is not a category: use kind **channel** for it.`);
    const missing = await guild.slash(guild.as.owner, 'audit', 'ignore', { kind: 'user' });
    expect(missing.text).to.equal('Name the user to ignore: its mention or id in **target**.');
    const refused = await guild.slash(guild.as.member, 'audit', 'ignore', { kind: 'bots' });
    expect(refused.text).to.match(/You need the \*\*MANAGE_BOT_SETTINGS\*\* permission/);
    expect((await audit.settings(guild.id)).ignoredChannels).to.deep.equal([]);
  });

  it('collapses a burst of one kind into a summary with the full list attached', async () => {
    const since = h.emu.mark();
    const raiders = Array.from({ length: 30 }, (_, index) => h.emu.createUser({ username: `raider${index}` }));
    for (const raider of raiders) await h.emu.actor(raider.id).joinGuild(guild.id);
    const { embed, message } = await logEmbed(h, guild.logChannelId, /^Burst: 30 × member join/, since, 20_000);
    expect(embed.description).to.contain('the first 20 were posted one by one above');
    const file = await (await fetch(message.attachments[0]!.url)).text();
    expect(file.split('\n')).to.have.length(30);
    expect(file).to.contain(raiders[29]!.id);
    const joins = logEmbeds(h, guild.logChannelId, since).filter((e) => /Member joined/.test(e.title ?? ''));
    expect(joins).to.have.length(20);
    // Merged: 20 single events went out in a handful of messages, not 20.
    const posts = h.emu.messagesSince(since).filter((m) => m.channel_id === guild.logChannelId);
    expect(posts.length).to.be.at.most(4);
    expect((await storedRows(guild.id)).filter((row) => row.actionType === 'member_join')).to.have.length(30);
  });

  it('cuts a field at 1,024 characters and attaches the full text', async () => {
    const since = h.emu.mark();
    const long = 'x'.repeat(1500);
    const sent = await guild.as.member.say(guild.generalChannelId, 'short');
    await eventually(() => container.audit.messages.get(sent.id) !== undefined, 'the message to be cached');
    await guild.as.member.edit(sent, long);
    const { embed, message } = await logEmbed(h, guild.logChannelId, 'Message edited', since);
    const after = field(embed, 'After')!;
    expect(after.length).to.be.at.most(1024);
    // The file is numbered by the event's place in its merged message.
    const fileName = /full text in (message_edit-\d+-after\.txt)\)$/.exec(after)?.[1];
    const file = message.attachments.find((attachment) => attachment.filename === fileName);
    expect(await (await fetch(file!.url)).text()).to.contain(long);
  });

  it('reports an unwritable log channel once in the core log channel, or to the owner by DM, and skips it', async function () {
    // An edit has no audit-log entry: its event waits out the actor lookup before it is posted, so allow for that.
    this.timeout(70_000);
    const locked = h.emu.createChannel(guild.id, { name: 'locked-log' });
    await eventually(() => container.client.channels.cache.has(locked.id), 'the bot to see #locked-log');
    await audit.setSetting(guild.id, 'memberChannel', locked.id, guild.setupBy);
    await guild.as.owner.setOverwrite(locked.id, {
      id: h.emu.botUserId,
      type: 'member',
      deny: PermissionFlagsBits.SendMessages,
    });
    const canSend = (channelId: string) => {
      const channel = container.client.channels.cache.get(channelId);
      return Boolean(
        channel && 'guild' in channel && channel.permissionsFor(channel.guild.members.me!)?.has('SendMessages'),
      );
    };
    await eventually(() => !canSend(locked.id), 'the bot to see it cannot send there');
    const since = h.emu.mark();
    for (const name of ['first', 'second']) {
      await h.emu.actor(h.emu.createUser({ username: name }).id).joinGuild(guild.id);
    }
    const report = await h.emu.waitForMessage({
      channelId: guild.logChannelId,
      since,
      timeoutMs: 25_000,
      predicate: (message) => message.content.startsWith('I cannot post audit logs in'),
    });
    expect(report.content).to.contain(`<#${locked.id}>`);
    await sleep(2500);
    const reports = h.emu.messagesSince(since).filter((message) => message.content.startsWith('I cannot post'));
    expect(reports).to.have.length(1);
    expect(h.emu.world.messages(locked.id)).to.deep.equal([]);
    // Still stored.
    expect((await storedRows(guild.id)).filter((row) => row.actionType === 'member_join')).to.have.length(2);
  });

  it('tells the owner by DM, once, when the core log channel itself is unwritable', async function () {
    // An edit has no audit-log entry: its event waits out the actor lookup before it is stored, so allow for that.
    this.timeout(70_000);
    const canSend = (channelId: string) => {
      const channel = container.client.channels.cache.get(channelId);
      return Boolean(
        channel && 'guild' in channel && channel.permissionsFor(channel.guild.members.me!)?.has('SendMessages'),
      );
    };
    // Marked before the overwrite: the overwrite is itself a channel event bound for the log channel, so it is
    // usually what finds the channel unwritable and sends the DM — at once, before anything the test does next.
    const since = h.emu.mark();
    await guild.as.owner.setOverwrite(guild.logChannelId, {
      id: h.emu.botUserId,
      type: 'member',
      deny: PermissionFlagsBits.SendMessages,
    });
    await eventually(() => !canSend(guild.logChannelId), 'the overwrite');
    await editBy(guild.as.member);
    const isReport = (message: APIMessage) => message.content.includes('I cannot post audit logs in');
    const dm = await h.emu.waitForMessage({
      since,
      timeoutMs: 45_000,
      predicate: (message) =>
        isReport(message) && h.emu.world.channel(message.channel_id)?.recipientId === guild.owner.id,
    });
    expect(dm.content).to.contain(`<#${guild.logChannelId}>`);
    // The edit is stored, not posted, and reported no second time.
    await eventually(
      async () => (await storedRows(guild.id)).some((row) => row.actionType === 'message_edit'),
      'the edit to be stored',
      20_000,
    );
    await container.audit.poster.settle();
    expect(h.emu.messagesSince(since).filter(isReport)).to.have.length(1);
    expect(logEmbeds(h, guild.logChannelId, since)).to.deep.equal([]);
  });

  it('searches by member, category, action and dates, refuses without VIEW_AUDIT_LOGS and reversed dates', async () => {
    await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
    await editBy(guild.as.member, guild.generalChannelId, 'one');
    await editBy(guild.as.moderator, guild.generalChannelId, 'two');
    await eventually(
      async () => (await storedRows(guild.id)).filter((row) => row.actionType === 'message_edit').length === 2,
      'both edits to be stored',
    );
    const today = new Date().toISOString().slice(0, 10);
    const found = await guild.slash(guild.as.moderator, 'audit', 'search', {
      member: guild.member.id,
      category: AuditEvent.MESSAGE_EVENTS,
      action: 'message',
      from: today,
      to: today,
    });
    expect(found.ephemeral).to.equal(true);
    expect(found.text).to.contain('Audit search · 1 event').and.to.contain('message_edit');
    expect(found.text).to.contain(`<@${guild.member.id}>`).and.not.to.contain(`<@${guild.moderator.id}> edited`);

    const refused = await guild.slash(guild.as.member, 'audit', 'search', {});
    expect(refused.text).to.match(/You need the \*\*VIEW_AUDIT_LOGS\*\* permission/);
    const reversed = await guild.slash(guild.as.owner, 'audit', 'search', { from: '2025-03-10', to: '2025-03-01' });
    expect(reversed.text).to.equal(
      'The date range is the wrong way round: **from** 2025-03-10 is after **to** 2025-03-01. Swap them and try again.',
    );
    const badDate = await guild.slash(guild.as.owner, 'audit', 'search', { from: '03/10/2025' });
    expect(badDate.text).to.match(/is not a date for \*\*from\*\*: write it as YYYY-MM-DD/);
  });

  it('a daily job scheduler deletes rows older than the guild retention, in batches', async () => {
    await audit.setSetting(guild.id, 'retentionDays', 30, guild.setupBy);
    const day = 24 * 3600_000;
    for (const [age, action] of [
      [40, 'old_one'],
      [31, 'old_two'],
      [5, 'recent'],
    ] as const) {
      container.audit.store.add({
        guildId: guild.id,
        eventType: AuditEvent.MEMBER_EVENTS,
        actionType: action,
        performedBy: null,
        targetId: null,
        targetType: 'member',
        changes: null,
        details: action,
        createdAt: new Date(Date.now() - age * day),
      });
    }
    await container.audit.store.flush();
    const schedulers = await container.tasks.client.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).to.include('auditRetention');
    const task = container.stores.get('scheduled-tasks').get('auditRetention')!;
    await task.run(null);
    const left = await container.database.getRepository(AuditLog).findBy({ guildId: guild.id });
    expect(left.map((row) => row.actionType)).to.deep.equal(['recent']);
    expect(await container.audit.store.purge(guild.id, new Date(), 1)).to.equal(1);
  });
});
