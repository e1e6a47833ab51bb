import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { harness, type Harness } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { auditGuild, field, logEmbed, logEmbeds, storedRows, type AuditGuild } from './helpers';

describe('audit plugin: every category end to end, with its actor', function () {
  this.timeout(40_000);
  let h: Harness;
  let guild: AuditGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await auditGuild(h);
  });

  const mention = (id: string) => `<@${id}>`;

  describe('MESSAGE_EVENTS', () => {
    it('logs an edit with before and after, and a moderator deleting it with its content and attachment', async () => {
      const since = h.emu.mark();
      const sent = await guild.as.member.say(guild.generalChannelId, 'first draft', {
        attachments: [{ name: 'notes.txt', data: 'hello' }],
      });
      await eventually(() => container.audit.messages.get(sent.id) !== undefined, 'the message to be cached');
      await guild.as.member.edit(sent, 'second draft');
      const edit = await logEmbed(h, guild.logChannelId, 'Message edited', since);
      expect(field(edit.embed, 'Before')).to.contain('first draft');
      expect(field(edit.embed, 'After')).to.contain('second draft');
      expect(field(edit.embed, 'By')).to.equal(mention(guild.member.id));

      await guild.as.owner.delete(sent, 'off topic');
      const deletion = await logEmbed(h, guild.logChannelId, 'Message deleted', since);
      expect(field(deletion.embed, 'Content')).to.contain('second draft');
      expect(field(deletion.embed, 'Attachments')).to.equal('notes.txt');
      expect(field(deletion.embed, 'By')).to.equal(mention(guild.owner.id));
      expect(field(deletion.embed, 'Reason')).to.equal('off topic');
      const rows = await storedRows(guild.id);
      expect(rows.map((row) => [row.actionType, row.performedBy])).to.deep.include.members([
        ['message_edit', guild.member.id],
        ['message_delete', guild.owner.id],
      ]);
    });

    it('names the moderator whose audit-log entry comes after the deletion; drops it when they are ignored', async () => {
      const deleteLate = async (content: string, reason: string) => {
        const sent = await guild.as.member.say(guild.generalChannelId, content);
        await eventually(() => container.audit.messages.get(sent.id) !== undefined, 'the message to be cached');
        // Stored under its author at once, then named when Discord's entry comes (within the 1.5 s it is waited for).
        h.emu.delayAuditLogEntries(700);
        await guild.as.owner.delete(sent, reason);
        return sent;
      };
      const since = h.emu.mark();
      const first = await deleteLate('named late', 'late entry');
      const deletion = await logEmbed(h, guild.logChannelId, 'Message deleted', since);
      expect(field(deletion.embed, 'By')).to.equal(mention(guild.owner.id));
      expect(field(deletion.embed, 'Reason')).to.equal('late entry');
      const deletedRows = async () => (await storedRows(guild.id)).filter((row) => row.actionType === 'message_delete');
      expect((await deletedRows()).map((row) => [row.targetId, row.performedBy])).to.deep.equal([
        [first.id, guild.owner.id],
      ]);

      await guild.slash(guild.as.owner, 'audit', 'ignore', { kind: 'user', target: guild.owner.id });
      const afterIgnore = h.emu.mark();
      await deleteLate('dropped late', 'ignored moderator');
      expect((await deletedRows()).map((row) => row.targetId)).to.deep.equal([first.id]);
      expect(logEmbeds(h, guild.logChannelId, afterIgnore).map((embed) => embed.title)).to.not.include(
        'Message deleted',
      );
    });

    it('logs a bulk delete as one entry with the messages in an attached file', async () => {
      const first = await guild.as.member.say(guild.generalChannelId, 'spam one');
      const second = await guild.as.member.say(guild.generalChannelId, 'spam two');
      await eventually(() => container.audit.messages.get(second.id) !== undefined, 'the messages to be cached');
      const since = h.emu.mark();
      await guild.as.owner.bulkDelete(guild.generalChannelId, [first, second]);
      const { embed, message } = await logEmbed(h, guild.logChannelId, 'Messages bulk deleted', since);
      expect(embed.description).to.match(/^2 messages were deleted at once/);
      expect(field(embed, 'By')).to.equal(mention(guild.owner.id));
      const file = message.attachments.find((attachment) => attachment.filename.startsWith('deleted-messages'));
      const text = await (await fetch(file!.url)).text();
      expect(text).to.contain('spam one').and.to.contain('spam two').and.to.contain(guild.member.username);
    });
  });

  describe('MEMBER_EVENTS', () => {
    it('logs a join (flagging a new account), a nickname, roles, avatar, username and a leave', async () => {
      const since = h.emu.mark();
      const newcomer = h.emu.createUser({ username: 'fresh' });
      await h.emu.actor(newcomer.id).joinGuild(guild.id);
      const join = await logEmbed(h, guild.logChannelId, '⚠️ Member joined (new account)', since);
      expect(join.embed.description).to.contain(mention(newcomer.id));

      await guild.as.owner.setNickname(guild.id, newcomer.id, 'Freshman');
      const nick = await logEmbed(h, guild.logChannelId, 'Nickname changed', since);
      expect(field(nick.embed, 'After')).to.equal('Freshman');
      expect(field(nick.embed, 'By')).to.equal(mention(guild.owner.id));

      await guild.as.owner.addRole(guild.id, newcomer.id, guild.modRoleId);
      const roles = await logEmbed(h, guild.logChannelId, 'Roles changed', since);
      expect(field(roles.embed, 'Added')).to.equal('Moderators');
      expect(field(roles.embed, 'By')).to.equal(mention(guild.owner.id));

      const actor = h.emu.actor(newcomer.id);
      await actor.setServerAvatar(guild.id, 'abc123');
      await logEmbed(h, guild.logChannelId, 'Server avatar changed', since);
      await actor.updateProfile({ username: 'renamed' });
      const renamed = await logEmbed(h, guild.logChannelId, 'Username changed', since);
      expect(field(renamed.embed, 'Before')).to.contain('fresh');
      expect(field(renamed.embed, 'After')).to.contain('renamed');

      await actor.leaveGuild(guild.id);
      const leave = await logEmbed(h, guild.logChannelId, 'Member left', since);
      expect(field(leave.embed, 'By')).to.equal(mention(newcomer.id));
    });
  });

  describe('CHANNEL_EVENTS', () => {
    it('logs a channel created, updated (topic, slowmode, NSFW, overwrites as a diff) and deleted, by whom', async () => {
      const since = h.emu.mark();
      const channel = await guild.as.owner.createChannel(guild.id, { name: 'plans' });
      const created = await logEmbed(h, guild.logChannelId, 'Channel created', since);
      expect(field(created.embed, 'By')).to.equal(mention(guild.owner.id));

      await guild.as.owner.editChannel(channel.id, { topic: 'roadmap', rate_limit_per_user: 10, nsfw: true });
      await guild.as.owner.setOverwrite(channel.id, {
        id: guild.modRoleId,
        type: 'role',
        allow: PermissionFlagsBits.ManageMessages,
        deny: PermissionFlagsBits.AddReactions,
      });
      const channelUpdates = () => logEmbeds(h, guild.logChannelId, since).filter((e) => e.title === 'Channel updated');
      await eventually(() => channelUpdates().length >= 2, 'both channel updates to be posted', 12_000);
      const posted = channelUpdates();
      expect(field(posted[0]!, 'Topic')).to.equal('*(none)* → roadmap');
      expect(field(posted[0]!, 'Slowmode')).to.equal('0 s → 10 s');
      expect(field(posted[0]!, 'NSFW')).to.equal('false → true');
      expect(field(posted[1]!, 'Permission overwrites')).to.equal(
        '+ role Moderators: allowed ManageMessages; denied AddReactions',
      );
      expect(field(posted[1]!, 'By')).to.equal(mention(guild.owner.id));

      await guild.as.owner.deleteChannel(channel.id);
      const deleted = await logEmbed(h, guild.logChannelId, 'Channel deleted', since);
      expect(deleted.embed.description).to.contain('#plans');
      expect(field(deleted.embed, 'By')).to.equal(mention(guild.owner.id));
    });
  });

  describe('ROLE_EVENTS', () => {
    it('logs a role created, updated with a permission diff, and deleted, by whom', async () => {
      const since = h.emu.mark();
      const role = await guild.as.owner.createRole(guild.id, {
        name: 'Helpers',
        permissions: PermissionFlagsBits.KickMembers,
      });
      const created = await logEmbed(h, guild.logChannelId, 'Role created', since);
      expect(field(created.embed, 'Permissions')).to.equal('KickMembers');
      expect(field(created.embed, 'By')).to.equal(mention(guild.owner.id));

      await guild.as.owner.editRole(guild.id, role.id, {
        name: 'Helpers+',
        color: 0xff0000,
        permissions: PermissionFlagsBits.ManageMessages,
        hoist: true,
      });
      const updated = await logEmbed(h, guild.logChannelId, 'Role updated', since);
      expect(field(updated.embed, 'Name')).to.equal('Helpers → Helpers+');
      expect(field(updated.embed, 'Colour')).to.equal('#000000 → #ff0000');
      expect(field(updated.embed, 'Permissions granted')).to.equal('ManageMessages');
      expect(field(updated.embed, 'Permissions removed')).to.equal('KickMembers');
      expect(field(updated.embed, 'Shown separately')).to.equal('false → true');
      expect(field(updated.embed, 'By')).to.equal(mention(guild.owner.id));

      await guild.as.owner.deleteRole(guild.id, role.id);
      const deleted = await logEmbed(h, guild.logChannelId, 'Role deleted', since);
      expect(field(deleted.embed, 'By')).to.equal(mention(guild.owner.id));
    });
  });

  describe('MOD_EVENTS', () => {
    it('logs a ban, an unban, a kick and a timeout done in Discord, with the moderator and reason', async () => {
      const since = h.emu.mark();
      const target = h.emu.createUser({ username: 'troublemaker' });
      h.emu.addMember(guild.id, target.id);
      await eventually(
        () => container.client.guilds.cache.get(guild.id)!.members.cache.has(target.id),
        'the bot to see the member',
      );
      await guild.as.owner.timeout(guild.id, target.id, new Date(Date.now() + 3600_000), 'cool down');
      const timeout = await logEmbed(h, guild.logChannelId, 'Member timed out', since);
      expect(field(timeout.embed, 'By')).to.equal(mention(guild.owner.id));
      expect(field(timeout.embed, 'Reason')).to.equal('cool down');

      await guild.as.owner.kick(guild.id, target.id, 'last warning');
      const kick = await logEmbed(h, guild.logChannelId, 'Member kicked', since);
      expect(field(kick.embed, 'By')).to.equal(mention(guild.owner.id));
      expect(field(kick.embed, 'Reason')).to.equal('last warning');

      await guild.as.owner.ban(guild.id, target.id, { reason: 'raiding' });
      const ban = await logEmbed(h, guild.logChannelId, 'User banned', since);
      expect(field(ban.embed, 'Reason')).to.equal('raiding');
      await guild.as.owner.unban(guild.id, target.id);
      const unban = await logEmbed(h, guild.logChannelId, 'User unbanned', since);
      expect(field(unban.embed, 'By')).to.equal(mention(guild.owner.id));
      const rows = await storedRows(guild.id);
      expect(rows.filter((row) => row.eventType === AuditEvent.MOD_EVENTS).map((row) => row.actionType)).to.deep.equal([
        'timeout_set',
        'kick',
        'ban',
        'unban',
      ]);
    });

    it("logs the moderation plugin's case once, with its number, and not at all when it shares the mod-log channel", async () => {
      // Another plugin (a partner), found by the event it declares rather than by its name.
      const moderation = container.plugins.declarerOf('moderationAction')!;
      await container.guildSettings.enablePlugin(guild.id, moderation.name, guild.setupBy);
      await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
      const since = h.emu.mark();
      const reply = await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id, reason: 'spam' });
      expect(reply.text).to.match(/case #1/);
      const ban = await logEmbed(h, guild.logChannelId, 'User banned', since);
      expect(ban.embed.footer?.text).to.contain('Case #1');
      expect(field(ban.embed, 'By')).to.equal(mention(guild.moderator.id));
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const logged = logEmbeds(h, guild.logChannelId, since).filter((embed) => /banned|case/i.test(embed.title ?? ''));
      expect(logged).to.have.length(1);

      // Cases and audit in one channel: the moderation plugin's case post is the only one.
      await container.guildSettings.updateConfig(guild.id, 'g', { modLogChannelId: guild.logChannelId }, guild.setupBy);
      const warnSince = h.emu.mark();
      const warned = await guild.slash(guild.as.owner, 'warn', undefined, {
        member: guild.moderator.id,
        reason: 'be nice',
      });
      expect(warned.text).to.match(/case #2/);
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const inLog = h.emu
        .messagesSince(warnSince)
        .filter((message) => message.channel_id === guild.logChannelId && message.embeds.length > 0);
      expect(inLog.map((message) => message.embeds[0]!.title)).to.deep.equal(['Case #2 · Warn']);
      const rows = await storedRows(guild.id);
      expect(rows.map((row) => row.actionType)).to.include('case_warn');
    });
  });

  describe('VOICE_EVENTS', () => {
    it('logs a join, a move by a moderator, a server mute and a leave', async () => {
      const lounge = h.emu.createChannel(guild.id, { name: 'Lounge', type: ChannelType.GuildVoice });
      const stage = h.emu.createChannel(guild.id, { name: 'Stage', type: ChannelType.GuildVoice });
      await eventually(() => container.client.channels.cache.has(stage.id), 'the bot to see the voice channels');
      const since = h.emu.mark();
      await guild.as.member.joinVoice(guild.id, lounge.id);
      const join = await logEmbed(h, guild.logChannelId, 'Joined voice', since);
      expect(field(join.embed, 'By')).to.equal(mention(guild.member.id));
      await guild.as.owner.moveVoice(guild.id, guild.member.id, stage.id);
      const move = await logEmbed(h, guild.logChannelId, 'Moved in voice', since);
      expect(field(move.embed, 'By')).to.equal(mention(guild.owner.id));
      await guild.as.owner.voiceModerate(guild.id, guild.member.id, { mute: true });
      const mute = await logEmbed(h, guild.logChannelId, 'Server muted', since);
      expect(field(mute.embed, 'By')).to.equal(mention(guild.owner.id));
      await guild.as.member.leaveVoice(guild.id);
      const leave = await logEmbed(h, guild.logChannelId, 'Left voice', since);
      expect(field(leave.embed, 'By')).to.equal(mention(guild.member.id));
    });
  });

  describe('THREAD_EVENTS', () => {
    it('logs a thread created, renamed, archived and deleted, by whom', async () => {
      const since = h.emu.mark();
      const threadId = await guild.as.member.startThread(guild.generalChannelId, 'questions');
      const created = await logEmbed(h, guild.logChannelId, 'Thread created', since);
      expect(field(created.embed, 'By')).to.equal(mention(guild.member.id));
      await guild.as.owner.editChannel(threadId, { name: 'answers' });
      const renamed = await logEmbed(h, guild.logChannelId, 'Thread renamed', since);
      expect(renamed.embed.description).to.contain('questions → answers');
      expect(field(renamed.embed, 'By')).to.equal(mention(guild.owner.id));
      await guild.as.owner.editChannel(threadId, { archived: true });
      const archived = await logEmbed(h, guild.logChannelId, 'Thread archived', since);
      expect(field(archived.embed, 'By')).to.equal(mention(guild.owner.id));
      await guild.as.owner.deleteChannel(threadId);
      const deleted = await logEmbed(h, guild.logChannelId, 'Thread deleted', since);
      expect(field(deleted.embed, 'By')).to.equal(mention(guild.owner.id));
    });
  });
});
