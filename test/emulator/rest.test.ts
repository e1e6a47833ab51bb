import { expect } from 'chai';
import {
  AuditLogEvent,
  ChannelType,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  PermissionFlagsBits,
  type Client,
  type Guild,
  type TextChannel,
} from 'discord.js';
import { Routes, type APIRole } from 'discord-api-types/v10';
import type { Emulator } from '../../emulator';
import { TOKEN, connectClient, startWorld } from './helpers';
import { eventually } from '../helpers/wait';

/** The Discord error code a REST call failed with. */
async function codeOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('emulator: REST', () => {
  let emu: Emulator;
  let client: Client<true>;
  let world: Awaited<ReturnType<typeof startWorld>>;
  let guild: Guild;
  let channel: TextChannel;

  before(async () => {
    world = await startWorld();
    emu = world.emu;
    client = await connectClient(emu);
    guild = client.guilds.cache.get(world.guild.id)!;
    channel = guild.channels.cache.get(world.channelId) as TextChannel;
  });

  after(async () => {
    await client.destroy();
    await emu.stop();
  });

  describe('messages', () => {
    it('sends embeds and files (multipart), edits, fetches and deletes', async () => {
      const sent = await channel.send({
        content: 'report',
        embeds: [new EmbedBuilder().setTitle('Title').setDescription('Body')],
        files: [{ attachment: Buffer.from('hello file'), name: 'note.txt' }],
      });
      const stored = emu.world.message(channel.id, sent.id)!;
      expect(stored.embeds[0].title).to.equal('Title');
      expect(stored.attachments[0].filename).to.equal('note.txt');
      expect(await (await fetch(stored.attachments[0].url)).text()).to.equal('hello file');
      expect((await sent.edit('edited')).content).to.equal('edited');
      expect((await channel.messages.fetch({ limit: 10 })).has(sent.id)).to.equal(true);
      const deleted = new Promise((resolve) => client.once(Events.MessageDelete, resolve));
      await sent.delete();
      await deleted;
      expect(emu.world.message(channel.id, sent.id)).to.equal(undefined);
    });

    it('rejects 2,001 characters and oversized embeds with 50035, unknown messages with 10008', async () => {
      expect(await codeOf(channel.send('x'.repeat(2001)))).to.equal(50035);
      expect(await codeOf(channel.send({ embeds: [{ title: 't'.repeat(257) }] }))).to.equal(50035);
      expect(await codeOf(channel.messages.fetch('123456789012345678'))).to.equal(10008);
    });

    it('bulk deletes recent messages and refuses ones older than 14 days (50034)', async () => {
      const alice = emu.actor(world.alice.id);
      const first = await alice.say(channel.id, 'one');
      const second = await alice.say(channel.id, 'two');
      const bulk = new Promise<number>((resolve) =>
        client.once(Events.MessageBulkDelete, (messages) => resolve(messages.size)),
      );
      await channel.bulkDelete([first.id, second.id]);
      expect(await bulk).to.equal(2);
      const old = emu.backdateMessage(channel.id, world.alice.id, 'old', Date.now() - 15 * 86_400_000);
      const recent = await alice.say(channel.id, 'recent');
      expect(await codeOf(channel.bulkDelete([old.id, recent.id]))).to.equal(50034);
    });

    it('adds, lists and removes reactions', async () => {
      const message = await emu.actor(world.alice.id).say(channel.id, 'react to me');
      const fetched = await channel.messages.fetch(message.id);
      await fetched.react('👍');
      await emu.actor(world.alice.id).react(message, '👍');
      const users = await fetched.reactions.cache.get('👍')!.users.fetch();
      expect([...users.keys()].sort()).to.deep.equal([emu.botUserId, world.alice.id].sort());
      await fetched.reactions.cache.get('👍')!.users.remove(world.alice.id);
      expect(await codeOf(channel.messages.react(message.id, 'notanemoji'))).to.equal(10014);
    });

    it('refuses to send without SendMessages (50013) and to a user refusing DMs (50007)', async () => {
      const locked = emu.createChannel(guild.id, {
        name: 'locked',
        permissionOverwrites: [{ id: world.guild.botRoleId, type: 'role', deny: PermissionFlagsBits.SendMessages }],
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const lockedChannel = (await client.channels.fetch(locked.id)) as TextChannel;
      expect(await codeOf(lockedChannel.send('hi'))).to.equal(50013);
      const shy = emu.createUser({ username: 'shy', dmsClosed: true });
      emu.addMember(guild.id, shy.id);
      const user = await client.users.fetch(shy.id);
      expect(await codeOf(user.send('hello'))).to.equal(50007);
    });

    it('retries after a 429 and delivers the message exactly once', async () => {
      emu.rateLimitNext({ method: 'POST', path: '/channels/:channelId/messages', count: 1, retryAfterSeconds: 0.2 });
      const mark = emu.mark();
      await channel.send('after rate limit');
      const statuses = emu.requests.filter(
        (request) => request.body && (request.body as { content?: string }).content === 'after rate limit',
      );
      expect(statuses.map((request) => request.status)).to.deep.equal([429, 200]);
      expect(emu.messagesSince(mark).filter((message) => message.content === 'after rate limit')).to.have.length(1);
    });
  });

  describe('channels and threads', () => {
    it('creates in a category, edits topic and slowmode, sets overwrites, deletes', async () => {
      const category = await guild.channels.create({ name: 'Support', type: ChannelType.GuildCategory });
      const created = await guild.channels.create({ name: 'tickets', parent: category.id, reason: 'setup' });
      expect(created.parentId).to.equal(category.id);
      const edited = await created.edit({ topic: 'Open a ticket', rateLimitPerUser: 30 });
      expect(edited.topic).to.equal('Open a ticket');
      expect(emu.world.channel(created.id)?.rateLimitPerUser).to.equal(30);
      await created.permissionOverwrites.edit(world.alice.id, { SendMessages: false });
      expect(emu.world.channel(created.id)?.permissionOverwrites).to.have.length(1);
      await created.permissionOverwrites.delete(world.alice.id);
      expect(emu.world.channel(created.id)?.permissionOverwrites).to.have.length(0);
      await created.delete();
      expect(emu.world.channel(created.id)).to.equal(undefined);
      expect(emu.world.auditLog(guild.id).some((entry) => entry.reason === 'setup')).to.equal(true);
    });

    it('refuses a 51st channel in a category (50035) and unknown channels (10003)', async () => {
      const category = emu.createChannel(guild.id, { name: 'full', type: ChannelType.GuildCategory });
      for (let index = 0; index < 50; index += 1)
        emu.createChannel(guild.id, { name: `c${index}`, parentId: category.id });
      expect(await codeOf(guild.channels.create({ name: 'one-too-many', parent: category.id }))).to.equal(50035);
      expect(await codeOf(client.channels.fetch('123456789012345678'))).to.equal(10003);
    });

    it('starts threads, joins and lists them', async () => {
      const message = await emu.actor(world.alice.id).say(channel.id, 'discuss');
      const fetched = await channel.messages.fetch(message.id);
      const thread = await fetched.startThread({ name: 'discussion' });
      expect(thread.id).to.equal(message.id);
      await thread.members.add(world.alice.id);
      const loose = await channel.threads.create({ name: 'private-ish' });
      const active = await guild.channels.fetchActiveThreads();
      expect([...active.threads.keys()]).to.include.members([thread.id, loose.id]);
    });
  });

  describe('members, roles and bans', () => {
    it('changes nick, roles and timeout; refuses roles above the bot and 29-day timeouts', async () => {
      const member = await guild.members.fetch(world.alice.id);
      await member.setNickname('Ali', 'rename');
      const helper = await guild.roles.create({ name: 'Helper' });
      await member.roles.add(helper.id);
      expect(emu.world.member(guild.id, world.alice.id)?.roles).to.include(helper.id);
      await member.roles.remove(helper.id);
      const high = emu.createRole(guild.id, { name: 'Admin', position: 5 });
      expect(await codeOf(member.roles.add(high.id))).to.equal(50013);
      await member.timeout(60_000, 'spam');
      expect(emu.world.member(guild.id, world.alice.id)?.communicationDisabledUntil).to.be.a('string');
      expect(await codeOf(member.timeout(29 * 86_400_000))).to.equal(50035);
      await member.timeout(null);
      expect(await codeOf(guild.members.fetch('123456789012345678'))).to.equal(10007);
    });

    it('refuses to act on the owner or a member ranked above the bot', async () => {
      const boss = emu.createUser({ username: 'boss' });
      const high = emu.createRole(guild.id, { name: 'Boss', position: 10 });
      emu.addMember(guild.id, boss.id, { roles: [high.id] });
      expect(await codeOf(guild.members.kick(boss.id))).to.equal(50013);
      expect(await codeOf(guild.members.ban(world.owner.id))).to.equal(50013);
    });

    it('tells the client about the roles a new role pushes up, so its hierarchy stays right', async () => {
      const botRole = guild.members.me!.roles.highest;
      const low = emu.createRole(guild.id, { name: 'Low' });
      const stored = () => emu.world.roles(guild.id).find((role) => role.id === botRole.id)!.position;
      await eventually(() => guild.roles.cache.has(low.id), 'the new role');
      await eventually(() => guild.roles.cache.get(botRole.id)!.rawPosition === stored(), 'the bot role to move up');
    });

    it('creates, edits and deletes roles; 10011 for unknown roles', async () => {
      const role = await guild.roles.create({ name: 'Temp', permissions: [PermissionFlagsBits.SendMessages] });
      expect((await role.edit({ name: 'Renamed' })).name).to.equal('Renamed');
      await role.delete();
      expect(emu.world.roles(guild.id).some((stored) => stored.id === role.id)).to.equal(false);
      expect(await codeOf(guild.roles.delete('123456789012345678'))).to.equal(10011);
    });

    it('fetches one role by id, and answers 10011 Unknown Role for an id the guild does not have', async () => {
      const role = emu.createRole(guild.id, { name: 'Fetched' });
      expect((await client.rest.get(Routes.guildRole(guild.id, role.id))) as APIRole).to.include({
        id: role.id,
        name: 'Fetched',
      });
      const response = await fetch(`${emu.apiUrl}/v10${Routes.guildRole(guild.id, '123456789012345678')}`, {
        headers: { Authorization: `Bot ${TOKEN}` },
      });
      expect(response.status).to.equal(404);
      expect(await response.json()).to.deep.equal({ message: 'Unknown Role', code: 10011 });
    });

    it('bans (removing the member and recent messages), lists, unbans; 10026 for unknown bans', async () => {
      const troll = emu.createUser({ username: 'troll' });
      emu.addMember(guild.id, troll.id);
      const spam = await emu.actor(troll.id).say(channel.id, 'spam');
      const banned = new Promise((resolve) => client.once(Events.GuildBanAdd, resolve));
      await guild.members.ban(troll.id, { deleteMessageSeconds: 3600, reason: 'spam' });
      await banned;
      expect(emu.world.member(guild.id, troll.id)).to.equal(undefined);
      expect(emu.world.message(channel.id, spam.id)).to.equal(undefined);
      expect((await guild.bans.fetch()).has(troll.id)).to.equal(true);
      await guild.members.unban(troll.id);
      expect(await codeOf(guild.members.unban(troll.id))).to.equal(10026);
    });

    it('records the audit log with reasons and actor executors, filterable', async () => {
      const victim = emu.createUser({ username: 'victim' });
      emu.addMember(guild.id, victim.id);
      await emu.actor(world.owner.id).kick(guild.id, victim.id, 'by hand');
      const logs = await guild.fetchAuditLogs({ type: AuditLogEvent.MemberKick });
      const entry = logs.entries.find((candidate) => candidate.targetId === victim.id);
      expect(entry?.executorId).to.equal(world.owner.id);
      expect(entry?.reason).to.equal('by hand');
      const byBot = await guild.fetchAuditLogs({ user: emu.botUserId, type: AuditLogEvent.MemberUpdate, limit: 10 });
      expect(byBot.entries.every((candidate) => candidate.executorId === emu.botUserId)).to.equal(true);
      expect(byBot.entries.map((candidate) => candidate.reason)).to.include('rename');
    });

    it('refuses the audit log without ViewAuditLog (50013)', async () => {
      emu.setBotPermissions(guild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await codeOf(guild.fetchAuditLogs())).to.equal(50013);
    });
  });

  describe('history', () => {
    it('forgets recorded requests, messages and interactions, keeps the world, and records again', async () => {
      await channel.send('before');
      expect(emu.requests.length).to.be.greaterThan(0);
      emu.forgetHistory();
      expect(emu.requests).to.deep.equal([]);
      expect(emu.world.messages(channel.id)).to.deep.equal([]);
      expect(emu.world.interactions.size).to.equal(0);
      expect(emu.world.channels.has(channel.id)).to.equal(true);
      expect(emu.world.guilds.has(guild.id)).to.equal(true);
      const after = await channel.send('after');
      expect((await emu.waitForMessage({ channelId: channel.id })).id).to.equal(after.id);
      expect(emu.requests.map((request) => request.method)).to.deep.equal(['POST']);
    });
  });
});
