import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import reminders from '../index';

describe('reminders (the example plugin) end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, reminders.name, guild.setupBy);
  });

  const reminderPost = () =>
    h.emu.waitForMessage({
      channelId: guild.generalChannelId,
      timeoutMs: 10_000,
      predicate: (m) => m.content.startsWith('⏰'),
    });

  it('reminds the member in the channel when due, pinging only them', async () => {
    const set = await guild.slash(guild.as.member, 'remind', 'set', { in: '1s', text: 'stretch @everyone' });
    expect(set.ephemeral).to.equal(true);
    expect(set.text).to.match(/^Reminder #\d+ set for <t:\d+:R>\.$/);
    const post = await reminderPost();
    expect(post.content).to.equal(`⏰ <@${guild.member.id}>, you asked me to remind you: stretch @everyone`);
    const request = h.emu.requests.find(
      (r) => r.method === 'POST' && r.body && (r.body as { content?: string }).content === post.content,
    );
    expect((request?.body as { allowed_mentions?: unknown }).allowed_mentions).to.deep.equal({
      users: [guild.member.id],
    });
  });

  it('works by prefix, where set is the default subcommand', async () => {
    await guild.as.member.say(guild.generalChannelId, '!remind 1s drink water');
    expect((await reminderPost()).content).to.match(/you asked me to remind you: drink water$/);
  });

  it('lists and cancels; a cancelled reminder is never posted', async () => {
    const set = await guild.slash(guild.as.member, 'remind', 'set', { in: '1h', text: 'call mum' });
    const id = /#(\d+)/.exec(set.text)![1]!;
    expect((await guild.slash(guild.as.member, 'remind', 'list')).text).to.match(
      new RegExp(`^#${id} · <t:\\d+:R> · call mum$`),
    );
    expect((await guild.slash(guild.as.member, 'remind', 'cancel', { id: Number(id) })).text).to.equal(
      `Reminder #${id} cancelled.`,
    );
    expect((await guild.slash(guild.as.member, 'remind', 'list')).text).to.equal('You have no pending reminders here.');
    expect((await guild.slash(guild.as.member, 'remind', 'cancel', { id: Number(id) })).text).to.equal(
      `You have no pending reminder #${id} here.`,
    );
    expect(await container.tasks.client.getJob(`reminder-${id}`)).to.equal(undefined);
    // Another member cannot cancel someone else's reminder.
    const other = await guild.slash(guild.as.member, 'remind', 'set', { in: '1h', text: 'mine' });
    const otherId = Number(/#(\d+)/.exec(other.text)![1]);
    expect((await guild.slash(guild.as.moderator, 'remind', 'cancel', { id: otherId })).text).to.match(
      /no pending reminder/,
    );
  });

  it('refuses bad input politely and stores nothing', async () => {
    const refusals: [Record<string, string | number>, RegExp][] = [
      [{ in: 'soon', text: 'x' }, /`soon` is not a duration/],
      [{ in: '-5m', text: 'x' }, /is not a duration/],
      [{ in: '400d', text: 'x' }, /at most 12w6d ahead/],
    ];
    for (const [options, expected] of refusals) {
      const reply = await guild.slash(guild.as.member, 'remind', 'set', options);
      expect(reply.ephemeral).to.equal(true);
      expect(reply.text).to.match(expected);
    }
    // Discord's client enforces a slash option's bounds and length; a prefix command is checked by the bot.
    expect((await guild.prefix(guild.as.member, '!remind cancel 0')).text).to.match(/`id` must be at least 1/);
    expect((await guild.prefix(guild.as.member, '!remind cancel 99999999999')).text).to.match(/`id` must be at most/);
    expect((await guild.prefix(guild.as.member, '!remind soon')).text).to.match(/Usage: `!remind <10m> <what>`/);
    expect((await guild.prefix(guild.as.member, `!remind 1m ${'x'.repeat(501)}`)).text).to.match(
      /`text` must be at most 500 characters/,
    );
    expect(await container.reminders.reminders.pendingOf(guild.id, guild.member.id)).to.deep.equal([]);
  });

  it('keeps to the per-member limit, even for reminders set at once', async () => {
    await reminders.setSetting(guild.id, 'maxPerMember', 2, guild.setupBy);
    const replies = await Promise.all(
      [1, 2, 3, 4].map((n) => guild.slash(guild.as.member, 'remind', 'set', { in: '1h', text: `r${n}` })),
    );
    expect(replies.filter((reply) => /^Reminder #/.test(reply.text))).to.have.length(2);
    expect(replies.filter((reply) => /already have 2 pending reminders/.test(reply.text))).to.have.length(2);
  });

  it('queues again from the database what Redis lost, when the plugin is enabled again', async () => {
    const set = await guild.slash(guild.as.member, 'remind', 'set', { in: '1h', text: 'lost job' });
    const jobId = `reminder-${/#(\d+)/.exec(set.text)![1]}`;
    await container.tasks.delete(jobId);
    expect(await container.tasks.client.getJob(jobId)).to.equal(undefined);
    await container.guildSettings.disablePlugin(guild.id, reminders.name, guild.setupBy);
    await container.guildSettings.enablePlugin(guild.id, reminders.name, guild.setupBy);
    await eventually(async () => (await container.tasks.client.getJob(jobId)) !== undefined, 'the job queued again');
  });

  it('refuses while the plugin is disabled', async () => {
    await container.guildSettings.disablePlugin(guild.id, reminders.name, guild.setupBy);
    expect((await guild.slash(guild.as.member, 'remind', 'list')).text).to.match(
      /\*\*reminders\*\* plugin is disabled/,
    );
  });
});
