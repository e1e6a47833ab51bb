import { container } from '@sapphire/framework';
import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { userBanOf } from '#core/plugin-kit/userBans';
import { createTestGuild, harness, textOf, type Harness, type TestGuild } from '#test/helpers/e2e';
import { loseRedis } from '#test/helpers/redisLoss';
import { eventually } from '#test/helpers/wait';
import { ModerationAction, ModerationLog } from '../entities/ModerationLog';
import type { ModerationActionEvent } from '../events';
import moderation from '../index';

describe('moderation plugin end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let modLogId: string;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['ban', 'case', 'cases', 'purge'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, moderation.name, guild.setupBy);
    modLogId = h.emu.createChannel(guild.id, { name: 'mod-log' }).id;
    await container.guildSettings.updateConfig(
      guild.id,
      'g',
      {
        modRoleId: guild.modRoleId,
        modLogChannelId: modLogId,
      },
      guild.setupBy,
    );
    await eventually(() => container.client.channels.cache.has(modLogId), 'the bot to see #mod-log');
  });

  const cases = () =>
    container.database
      .getRepository(ModerationLog)
      .find({ where: { guildId: guild.id }, order: { caseNumber: 'ASC' } });
  const modLog = () => h.emu.world.messages(modLogId);
  const setting = (key: string, value: unknown) =>
    container.guildSettings.setPluginSetting(guild.id, moderation.name, key, JSON.stringify(value), guild.setupBy);

  describe('cases and the mod log', () => {
    it('a warn is case #1, posted to the mod log with member, moderator and reason, and announced', async () => {
      const announced = new Promise<ModerationActionEvent>((resolve) =>
        container.client.once('moderationAction', resolve),
      );
      const reply = await guild.slash(guild.as.moderator, 'warn', undefined, {
        member: guild.member.id,
        reason: 'spamming @everyone',
      });
      expect(reply.text).to.equal(`Warned **${guild.member.username}** (case #1).`);
      expect(reply.ephemeral).to.equal(false);
      const [row] = await cases();
      expect(row).to.include({
        caseNumber: 1,
        action: ModerationAction.WARN,
        userId: guild.member.id,
        performedBy: guild.moderator.id,
        reason: 'spamming @everyone',
      });
      const [posted] = modLog();
      expect(posted!.embeds[0]!.title).to.equal('Case #1 · Warn');
      expect(textOf(posted!)).to.include(`<@${guild.member.id}>`).and.include(`<@${guild.moderator.id}>`);
      const post = h.emu.requests.find((request) => request.method === 'POST' && request.params.channelId === modLogId);
      expect((post!.body as { allowed_mentions?: unknown }).allowed_mentions).to.deep.equal({ parse: [] });
      expect(row!.logMessageId).to.equal(posted!.id);
      expect(await announced).to.include({ guildId: guild.id, caseNumber: 1, action: 'warn', source: 'command' });
    });

    it('numbers cases per guild without gaps or duplicates when many are recorded at once', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          container.moderation.cases.create({
            guildId: guild.id,
            action: ModerationAction.NOTE,
            userId: guild.member.id,
            performedBy: guild.moderator.id,
            reason: `note ${index}`,
          }),
        ),
      );
      expect((await cases()).map((row) => row.caseNumber)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('concurrent expiry claims take disjoint cases, and a claimed case is not taken again within its lease', async () => {
      const past = new Date(Date.now() - 1_000);
      for (let index = 0; index < 30; index += 1) {
        await container.moderation.cases.create({
          guildId: guild.id,
          action: ModerationAction.TIMEOUT,
          userId: guild.member.id,
          performedBy: guild.moderator.id,
          reason: `timeout ${index}`,
          expiresAt: past,
        });
      }
      const claims = await Promise.all(
        Array.from({ length: 4 }, () => container.moderation.cases.claimDue(guild.id, 10)),
      );
      const ids = claims.flat().map((row) => row.id);
      expect(ids).to.have.length(30);
      expect(new Set(ids).size).to.equal(30);
      expect(await container.moderation.cases.claimDue(guild.id, 10)).to.deep.equal([]);
    });

    it('!note and /case show, /case reason edits the mod-log embed, /case delete is for admins', async () => {
      const noted = await guild.prefix(guild.as.moderator, `!note <@${guild.member.id}> asked about rules`);
      expect(noted.text).to.equal(`Noted on **${guild.member.username}**'s record (case #1).`);

      const shown = await guild.slash(guild.as.moderator, 'case', 'show', { number: 1 });
      expect(shown.text).to.include('Case #1 · Note').and.include('asked about rules');
      const prefixShown = await guild.prefix(guild.as.moderator, '!case 1');
      expect(prefixShown.text).to.include('Case #1 · Note');

      const edited = await guild.slash(guild.as.moderator, 'case', 'reason', { number: 1, text: 'asked twice' });
      expect(edited.text).to.equal('Updated the reason of case #1.');
      await eventually(() => textOf(modLog()[0]!).includes('asked twice'), 'the mod-log embed to be edited');

      const missing = await guild.slash(guild.as.moderator, 'case', 'show', { number: 99 });
      expect(missing).to.include({ text: 'There is no case #99 in this server.', ephemeral: true });

      const refused = await guild.slash(guild.as.moderator, 'case', 'delete', { number: 1 });
      expect(refused.text).to.match(/Only members with the \*\*ADMIN\*\* role/);
      const deleted = await guild.prefix(guild.as.owner, '!case delete 1');
      expect(deleted.text).to.equal('Deleted case #1.');
      expect(await cases()).to.deep.equal([]);
      await eventually(() => modLog().length === 0, 'the mod-log entry to be deleted');
    });

    it('/cases pages through a member’s history, newest first', async () => {
      for (let index = 1; index <= 7; index += 1) {
        await container.moderation.cases.create({
          guildId: guild.id,
          action: ModerationAction.NOTE,
          userId: guild.member.id,
          performedBy: guild.moderator.id,
          reason: `note ${index}`,
        });
      }
      const handle = await guild.as.moderator.slash(guild.generalChannelId, 'cases', {
        options: { member: guild.member.id },
      });
      const first = await handle.reply();
      expect(textOf(first)).to.include('Cases · 7').and.include('#7 · Note').and.not.include('#2 · Note');
      expect(first.embeds[0]!.footer?.text).to.equal('Page 1 of 2');
      const [row] = first.components as { components: { label?: string; custom_id?: string }[] }[];
      const next = row!.components.find((button) => button.label === '▶')!;
      const turned = await (await guild.as.moderator.clickButton(first, next.custom_id!)).reply();
      expect(textOf(turned)).to.include('#2 · Note').and.include('#1 · Note');

      // Issue 14: a member who may not list cases gets the guard's refusal, not the next page with its reasons.
      const [turnedRow] = turned.components as { components: { label?: string; custom_id?: string }[] }[];
      const previous = turnedRow!.components.find((button) => button.label === '◀')!;
      const intruder = await guild.as.member.clickButton(turned, previous.custom_id!);
      const refusal = await intruder.reply();
      expect(refusal.content).to.match(/^You need the \*\*VIEW_AUDIT_LOGS\*\* permission/);
      expect(intruder.ephemeral).to.equal(true);
      expect(textOf(refusal)).to.not.include('note 7');

      const prefix = await guild.prefix(guild.as.moderator, `!cases ${guild.member.username}`);
      expect(prefix.text).to.include('Cases · 7');
    });
  });

  describe('refusals', () => {
    it('refuses acting on yourself, the owner and the bot, each naming the rule', async () => {
      const self = await guild.slash(guild.as.moderator, 'warn', undefined, { member: guild.moderator.id });
      expect(self).to.include({ text: "You can't warn yourself.", ephemeral: true });
      const owner = await guild.slash(guild.as.moderator, 'kick', undefined, { member: guild.owner.id });
      expect(owner.text).to.equal('Nobody can kick the server owner.');
      const bot = await guild.slash(guild.as.moderator, 'ban', undefined, { user: h.emu.botUserId });
      expect(bot.text).to.equal("I won't ban myself.");
      expect(await cases()).to.deep.equal([]);
    });

    it('refuses a target whose highest role is at or above the moderator’s, or above the bot’s', async () => {
      const peer = h.emu.createUser({ username: 'peer' });
      h.emu.addMember(guild.id, peer.id, { roles: [guild.modRoleId] });
      await eventually(() => container.client.guilds.cache.get(guild.id)!.members.cache.has(peer.id), 'peer');
      const same = await guild.slash(guild.as.moderator, 'ban', undefined, { user: peer.id });
      expect(same.text).to.equal(
        "You can't ban peer: their highest role (Moderators) is at or above yours (Moderators).",
      );

      const high = h.emu.createRole(guild.id, { name: 'Council', position: 5 });
      h.emu.setMemberRoles(guild.id, guild.member.id, [high.id]);
      await eventually(
        () => container.client.guilds.cache.get(guild.id)!.members.cache.get(guild.member.id)!.roles.cache.has(high.id),
        'the role change to reach the bot',
      );
      const aboveBot = await guild.slash(guild.as.owner, 'timeout', undefined, {
        member: guild.member.id,
        duration: '10m',
      });
      expect(aboveBot.text).to.equal(
        `I can't time out ${guild.member.username}: their highest role (Council) is at or above mine (Bot).`,
      );
      const aboveModerator = await guild.slash(guild.as.moderator, 'kick', undefined, { member: guild.member.id });
      expect(aboveModerator.text).to.match(/their highest role \(Council\) is at or above yours/);
      expect(h.emu.world.member(guild.id, guild.member.id)!.communicationDisabledUntil).to.equal(null);
      expect(await cases()).to.deep.equal([]);
    });

    it('refuses members without the permission, and every command while the plugin is disabled', async () => {
      const denied = await guild.slash(guild.as.member, 'ban', undefined, { user: guild.moderator.id });
      expect(denied.text).to.match(/You need the \*\*BAN_USER\*\* permission/);
      const prefixDenied = await guild.prefix(guild.as.member, '!purge 5');
      expect(prefixDenied.text).to.match(/You need the \*\*DELETE_MESSAGES\*\* permission/);

      await container.guildSettings.disablePlugin(guild.id, moderation.name, guild.setupBy);
      const disabled = await guild.slash(guild.as.moderator, 'warn', undefined, { member: guild.member.id });
      expect(disabled.text).to.match(/\*\*moderation\*\* plugin is disabled/);
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
      expect(await cases()).to.deep.equal([]);
    });

    it('refuses a ban when the bot lacks Ban Members, before telling the member anything', async () => {
      const mark = h.emu.mark();
      h.emu.setBotPermissions(guild.id, 0n);
      await eventually(
        async () =>
          !(await container.client.guilds.cache.get(guild.id)!.members.fetchMe()).permissions.has('BanMembers'),
        'the bot to see its permissions change',
      );
      const reply = await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id });
      expect(reply.text).to.equal(
        "I need Discord's **Ban Members** permission to ban. A server admin can give it to my role.",
      );
      expect(h.emu.messagesSince(mark).filter((message) => message.content.startsWith('You have been'))).to.deep.equal(
        [],
      );
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
    });

    it('refuses durations of forever, -5m and over 28 days with an example of a good one', async () => {
      for (const duration of ['forever', '-5m']) {
        const reply = await guild.slash(guild.as.moderator, 'timeout', undefined, {
          member: guild.member.id,
          duration,
        });
        expect(reply.text).to.equal(
          `\`${duration}\` is not a duration. Use a number and a unit, e.g. \`10m\`, \`2h\`, \`7d\` or \`1w2d\`.`,
        );
      }
      const tooLong = await guild.slash(guild.as.moderator, 'timeout', undefined, {
        member: guild.member.id,
        duration: '29d',
      });
      expect(tooLong.text).to.equal('A timeout can last at most 4w; `29d` is longer.');
      const banForever = await guild.slash(guild.as.moderator, 'ban', undefined, {
        user: guild.member.id,
        duration: 'forever',
      });
      expect(banForever.text).to.match(/^`forever` is not a duration/);
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
      expect(await cases()).to.deep.equal([]);
    });

    it('refuses a purge of 0 or 500 messages', async () => {
      for (const count of [0, 500]) {
        const reply = await guild.prefix(guild.as.moderator, `!purge ${count}`);
        expect(reply.text).to.equal(
          `I can purge 1 to 100 messages at a time (Discord's bulk-delete limit); you asked for ${count}.`,
        );
      }
    });
  });

  describe('actions', () => {
    it('/timeout and /untimeout time the member out on Discord and record expiring cases', async () => {
      const reply = await guild.slash(guild.as.moderator, 'timeout', undefined, {
        member: guild.member.id,
        duration: '1w2d',
        reason: 'heated',
      });
      expect(reply.text).to.match(/^Timed out \*\*member\d+\*\* until <t:\d+:F> \(case #1\)\.$/);
      const until = Date.parse(h.emu.world.member(guild.id, guild.member.id)!.communicationDisabledUntil!);
      expect(until - Date.now()).to.be.closeTo(9 * 24 * 3600_000, 60_000);
      const [timeout] = await cases();
      expect(timeout!.expiresAt!.getTime()).to.be.closeTo(until, 2_000);

      const lifted = await guild.prefix(guild.as.moderator, `!untimeout <@${guild.member.id}> calmed down`);
      expect(lifted.text).to.equal(`Lifted the timeout of **${guild.member.username}** (case #2).`);
      expect(h.emu.world.member(guild.id, guild.member.id)!.communicationDisabledUntil).to.equal(null);
      const [settled, untimeout] = await cases();
      expect(settled!.expiryDoneAt).to.be.instanceOf(Date);
      expect(untimeout).to.include({ action: ModerationAction.UNTIMEOUT, reason: 'calmed down' });
      // Only the commands' cases: the bot's own member updates are not recorded a second time as manual actions.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await cases()).to.have.length(2);
    });

    it('/kick tells the member by DM first; a failed DM is noted on the case', async () => {
      const kicked = await guild.slash(guild.as.moderator, 'kick', undefined, {
        member: guild.member.id,
        reason: 'trolling',
      });
      expect(kicked.text).to.equal(`Kicked **${guild.member.username}** (case #1).`);
      const dm = await h.emu.waitForMessage({ predicate: (message) => message.content.includes('kicked') });
      expect(dm.content).to.equal(
        `You have been kicked from **${h.emu.world.guild(guild.id)!.name}**. Reason: trolling`,
      );
      expect(h.emu.world.member(guild.id, guild.member.id)).to.equal(undefined);

      const closed = h.emu.createUser({ username: 'closed', dmsClosed: true });
      h.emu.addMember(guild.id, closed.id);
      await eventually(() => container.client.guilds.cache.get(guild.id)!.members.cache.has(closed.id), 'closed');
      const second = await guild.prefix(guild.as.moderator, `!kick <@${closed.id}> also trolling`);
      expect(second.text).to.equal('Kicked **closed** (case #2). They could not be told by DM.');
      const [, row] = await cases();
      expect(row).to.include({ dmFailed: true, reason: 'also trolling' });
      expect(textOf(modLog()[1]!)).to.include('The member could not be told by DM.');
    });

    it('/ban bans a member, deleting recent messages; banning by id works for someone who left', async () => {
      await guild.as.member.say(guild.generalChannelId, 'spam spam');
      const banned = await guild.slash(guild.as.moderator, 'ban', undefined, {
        user: guild.member.id,
        delete_messages: '1h',
        reason: 'spam',
      });
      expect(banned.text).to.equal(`Banned **${guild.member.username}** (case #1).`);
      expect(h.emu.world.bans(guild.id).map((ban) => ban.userId)).to.deep.equal([guild.member.id]);
      expect(h.emu.world.messages(guild.generalChannelId).some((m) => m.content === 'spam spam')).to.equal(false);
      const user = await userBanOf(container.database, guild.member.id);
      expect(user).to.include({ isBanned: true, banReason: 'spam', bannedUntil: null });

      const leaver = h.emu.createUser({ username: 'leaver' });
      h.emu.addMember(guild.id, leaver.id);
      await h.emu.actor(leaver.id).leaveGuild(guild.id);
      const byId = await guild.prefix(guild.as.moderator, `!ban ${leaver.id} ban evasion`);
      expect(byId.text).to.equal('Banned **leaver** (case #2).');
      expect((await cases())[1]).to.include({ action: ModerationAction.BAN, reason: 'ban evasion', dmFailed: false });

      const again = await guild.slash(guild.as.moderator, 'ban', undefined, { user: leaver.id });
      expect(again.text).to.equal('**leaver** is already banned.');

      const unbanned = await guild.slash(guild.as.moderator, 'unban', undefined, { user: guild.member.id });
      expect(unbanned.text).to.equal(`Unbanned **${guild.member.username}** (case #3).`);
      expect(h.emu.world.bans(guild.id).map((ban) => ban.userId)).to.deep.equal([leaver.id]);
      expect(await userBanOf(container.database, guild.member.id)).to.include({
        isBanned: false,
      });
      const notBanned = await guild.prefix(guild.as.moderator, `!unban ${guild.member.id}`);
      expect(notBanned.text).to.equal(`**${guild.member.username}** is not banned.`);
    });

    it('a tempban is lifted by its scheduled task exactly once, with an unban case', async () => {
      const banned = await guild.slash(guild.as.moderator, 'ban', undefined, {
        user: guild.member.id,
        duration: '2s',
      });
      expect(banned.text).to.match(/^Banned \*\*member\d+\*\* until <t:\d+:F> \(case #1\)\.$/);
      const [tempban] = await cases();
      expect(tempban).to.include({ action: ModerationAction.TEMPBAN });
      const user = await userBanOf(container.database, guild.member.id);
      expect(user!.bannedUntil!.getTime()).to.equal(tempban!.expiresAt!.getTime());
      await eventually(async () => (await cases())[0]!.expiryDoneAt !== null, 'the tempban to expire', 8_000);
      const unbans = h.emu.requests.filter(
        (request) => request.method === 'DELETE' && request.path === `/guilds/${guild.id}/bans/${guild.member.id}`,
      );
      expect(unbans).to.have.length(1);
      expect(unbans[0]!.time).to.be.at.least(tempban!.expiresAt!.getTime());
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
      expect(await userBanOf(container.database, guild.member.id)).to.include({
        isBanned: false,
        bannedUntil: null,
      });
      const [, unban] = await cases();
      expect(unban).to.include({
        action: ModerationAction.UNBAN,
        performedBy: h.emu.botUserId,
        reason: 'Tempban expired (case #1)',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await cases()).to.have.length(2);
    });

    it("an expiry waits in the queue while its guild's sweep key is held, other guilds' go on, and it runs once after", async () => {
      // Another process's sweep of this guild holds the key.
      const key = `${h.config.redisNamespace}:job-lock:{moderation-expiry:${guild.id}}`;
      await container.redis.set(key, 'another sweep', 'PX', 20_000);
      const other = await createTestGuild(h.emu);
      await container.guildSettings.enablePlugin(other.id, moderation.name, other.setupBy);
      await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id, duration: '1s' });
      await other.slash(other.as.owner, 'ban', undefined, { user: other.member.id, duration: '1s' });
      const [tempban] = await cases();
      const job = () => container.tasks.client.getJob(`moderationExpiry-${tempban!.id}`);

      await eventually(() => h.emu.world.bans(other.id).length === 0, "the other guild's tempban to be lifted", 8_000);
      await eventually(async () => ((await job())?.attemptsStarted ?? 0) >= 2, 'the job to try the key again', 5_000);
      expect(h.emu.world.bans(guild.id).map((ban) => ban.userId)).to.deep.equal([guild.member.id]);
      expect((await cases())[0]!.expiryDoneAt).to.equal(null);

      await container.redis.del(key);
      const waited = await eventually(async () => (await cases())[0]!.expiryDoneAt !== null, 'the tempban to expire');
      // The longest wait between tries is 2 s.
      expect(waited).to.be.below(2_500);
      const unbans = h.emu.requests.filter(
        (request) => request.method === 'DELETE' && request.path === `/guilds/${guild.id}/bans/${guild.member.id}`,
      );
      expect(unbans).to.have.length(1);
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
    });

    it('a tempban lifted by hand first is not lifted again when it expires', async () => {
      await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id, duration: '1s' });
      await guild.as.owner.unban(guild.id, guild.member.id, 'forgiven');
      await eventually(async () => (await cases()).length === 2, 'the manual unban case');
      await new Promise((resolve) => setTimeout(resolve, 1_800));
      const all = await cases();
      expect(all.map((row) => row.action)).to.deep.equal([ModerationAction.TEMPBAN, ModerationAction.UNBAN]);
      expect(all[1]).to.include({ performedBy: guild.owner.id, reason: 'forgiven' });
      expect(all[0]!.expiryDoneAt).to.be.instanceOf(Date);
    });

    it('the periodic reconcile lifts an overdue tempban whose job was lost', async () => {
      expect(await container.tasks.client.getJobScheduler('moderationReconcile')).to.not.equal(undefined);
      h.emu.world.guild(guild.id)!.bans.set(guild.member.id, { userId: guild.member.id, reason: 'lost job' });
      await container.moderation.cases.create({
        guildId: guild.id,
        action: ModerationAction.TEMPBAN,
        userId: guild.member.id,
        performedBy: guild.moderator.id,
        reason: 'lost job',
        expiresAt: new Date(Date.now() - 60_000),
      });
      const reconcile = container.stores.get('scheduled-tasks').get('moderationReconcile')!;
      await reconcile.run(null);
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
      expect((await cases()).map((row) => row.action)).to.deep.equal([
        ModerationAction.TEMPBAN,
        ModerationAction.UNBAN,
      ]);
    });

    it('cancels expiry jobs while disabled and queues them again when re-enabled', async () => {
      await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id, duration: '1h' });
      const [tempban] = await cases();
      const expiryJob = () => container.tasks.client.getJob(`moderationExpiry-${tempban!.id}`);
      expect(await expiryJob()).to.not.equal(undefined);
      await container.guildSettings.disablePlugin(guild.id, moderation.name, guild.setupBy);
      expect(await expiryJob()).to.equal(undefined);
      await container.guildSettings.enablePlugin(guild.id, moderation.name, guild.setupBy);
      expect((await expiryJob())?.data).to.deep.equal({ guildId: guild.id, caseId: tempban!.id });
    });

    it('rebuilds expiry jobs and the periodic catch-up when Redis comes back empty', async () => {
      await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id, duration: '1h' });
      const [tempban] = await cases();
      const expiryJob = () => container.tasks.client.getJob(`moderationExpiry-${tempban!.id}`);
      const scheduler = () => container.tasks.client.getJobScheduler('moderationReconcile');
      expect(await expiryJob()).to.not.equal(undefined);

      await loseRedis(h.config.redisNamespace);
      await eventually(
        async () => (await expiryJob()) !== undefined && (await scheduler()) !== undefined,
        'the expiry job and the catch-up scheduler to be back',
        10_000,
      );
      const expiry = (await expiryJob())!;
      expect(expiry.timestamp + expiry.delay).to.be.closeTo(tempban!.expiresAt!.getTime(), 1_000);
    });

    it('/softban kicks the member and deletes their messages, leaving them unbanned', async () => {
      await guild.as.member.say(guild.generalChannelId, 'buy my stuff');
      const reply = await guild.slash(guild.as.moderator, 'softban', undefined, { member: guild.member.id });
      expect(reply.text).to.match(/^Softbanned \*\*member\d+\*\*: kicked, and their last day of messages deleted/);
      expect(h.emu.world.member(guild.id, guild.member.id)).to.equal(undefined);
      expect(h.emu.world.bans(guild.id)).to.deep.equal([]);
      expect(h.emu.world.messages(guild.generalChannelId).some((m) => m.content === 'buy my stuff')).to.equal(false);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await cases()).map((row) => row.action)).to.deep.equal([ModerationAction.SOFTBAN]);
    });

    it('warn thresholds apply their action automatically, as their own case', async () => {
      let refused: unknown;
      await setting('warnThresholds', [{ warns: 2, withinDays: 30, action: 'timeout' }]).catch((e) => (refused = e));
      expect(String(refused)).to.include('a timeout threshold needs a duration');
      await setting('warnThresholds', [{ warns: 2, withinDays: 30, action: 'timeout', duration: '1h' }]);
      await guild.prefix(guild.as.moderator, `!warn <@${guild.member.id}> one`);
      const second = await guild.slash(guild.as.moderator, 'warn', undefined, {
        member: guild.member.id,
        reason: 'two',
      });
      expect(second.text).to.equal(
        `Warned **${guild.member.username}** (case #2).\nThat reached a warn threshold: timeout applied (case #3).`,
      );
      const [, , automatic] = await cases();
      expect(automatic).to.include({
        action: ModerationAction.TIMEOUT,
        performedBy: h.emu.botUserId,
        reason: 'Automatic: 2 warns within 30 days',
      });
      const until = Date.parse(h.emu.world.member(guild.id, guild.member.id)!.communicationDisabledUntil!);
      expect(until - Date.now()).to.be.closeTo(3600_000, 60_000);
    });

    it('a kick threshold tells the member by DM and kicks them', async () => {
      await setting('warnThresholds', [{ warns: 1, withinDays: 7, action: 'kick' }]);
      const reply = await guild.slash(guild.as.moderator, 'warn', undefined, { member: guild.member.id });
      expect(reply.text).to.match(/That reached a warn threshold: kick applied \(case #2\)\.$/);
      expect(h.emu.world.member(guild.id, guild.member.id)).to.equal(undefined);
      const dm = await h.emu.waitForMessage({ predicate: (message) => message.content.startsWith('You have been') });
      expect(dm.content).to.match(/^You have been kicked from \*\*.+\*\*\. Reason: Automatic: 1 warns within 7 days$/);
    });

    it('/purge deletes matching recent messages in one bulk delete and counts those too old to delete', async () => {
      const other = h.emu.createUser({ username: 'other' });
      h.emu.addMember(guild.id, other.id);
      const old = h.emu.backdateMessage(
        guild.generalChannelId,
        guild.member.id,
        'ancient spam',
        Date.now() - 15 * 86_400_000,
      );
      const sent: APIMessage[] = [];
      for (const [author, content] of [
        [guild.member.id, 'spam 1'],
        [other.id, 'hello'],
        [guild.member.id, 'spam 2'],
        [guild.member.id, 'fine'],
      ] as const) {
        sent.push(await h.emu.actor(author).say(guild.generalChannelId, content));
      }
      const reply = await guild.slash(guild.as.moderator, 'purge', undefined, {
        count: 10,
        member: guild.member.id,
        contains: 'spam',
      });
      expect(reply).to.include({
        text: 'Deleted 2 message(s) (case #1). Skipped 1 older than 14 days: Discord does not allow bulk-deleting those.',
        ephemeral: true,
      });
      const left = h.emu.world.messages(guild.generalChannelId).map((message) => message.content);
      expect(left).to.include.members(['ancient spam', 'hello', 'fine']);
      expect(left).to.not.include('spam 1');
      expect(
        h.emu.requests.filter((r) => r.route === '/channels/:channelId/messages/bulk-delete'),
      ).to.have.length.at.least(1);
      expect((await cases())[0]).to.include({ action: ModerationAction.PURGE, channelId: guild.generalChannelId });
      expect(old.id).to.be.a('string');

      const prefix = await guild.prefix(guild.as.moderator, '!purge 2');
      expect(prefix.text).to.match(/^Deleted 2 message\(s\) \(case #2\)\.$/);

      // The bot's reply just above is the only bot message among the last 5.
      const bots = await guild.slash(guild.as.moderator, 'purge', undefined, { count: 5, bots: true });
      expect(bots.text).to.equal('Deleted 1 message(s) (case #3).');
      expect(h.emu.world.messages(guild.generalChannelId).some((m) => m.id === prefix.reply.id)).to.equal(false);
    });

    it('/slowmode, /lock and /unlock change the channel', async () => {
      const slow = await guild.slash(guild.as.moderator, 'slowmode', undefined, { duration: '30s' });
      expect(slow.text).to.equal(`Slowmode in <#${guild.generalChannelId}> is now 30s.`);
      expect(h.emu.world.channel(guild.generalChannelId)!.rateLimitPerUser).to.equal(30);
      const off = await guild.prefix(guild.as.moderator, '!slowmode off');
      expect(off.text).to.equal(`Slowmode is off in <#${guild.generalChannelId}>.`);
      expect(h.emu.world.channel(guild.generalChannelId)!.rateLimitPerUser).to.equal(0);
      const bad = await guild.slash(guild.as.moderator, 'slowmode', undefined, { duration: '7h' });
      expect(bad.text).to.equal('A slowmode can last at most 6h; `7h` is longer.');

      const locked = await guild.slash(guild.as.moderator, 'lock', undefined, { reason: 'raid' });
      expect(locked.text).to.equal(`Locked <#${guild.generalChannelId}>.`);
      const everyone = () =>
        h.emu.world.channel(guild.generalChannelId)!.permissionOverwrites.find((o) => o.id === guild.id);
      expect(BigInt(everyone()!.deny) & (1n << 11n)).to.equal(1n << 11n);
      await eventually(
        () => container.client.channels.cache.get(guild.generalChannelId)!.isTextBased(),
        'the channel update',
      );
      await eventually(async () => {
        const again = await guild.slash(guild.as.moderator, 'lock');
        return again.text === `<#${guild.generalChannelId}> is already locked.`;
      }, 'a second lock to be refused');
      const unlocked = await guild.prefix(guild.as.owner, '!unlock');
      expect(unlocked.text).to.equal(`Unlocked <#${guild.generalChannelId}>.`);
      expect(BigInt(everyone()?.deny ?? 0) & (1n << 11n)).to.equal(0n);
    });
  });

  describe("actions done in Discord's own interface", () => {
    it('a manual ban, kick, timeout and untimeout become cases with the moderator and reason from the audit log', async () => {
      await guild.as.owner.ban(guild.id, guild.member.id, { reason: 'raid account' });
      await eventually(async () => (await cases()).length === 1, 'the manual ban case');
      expect((await cases())[0]).to.include({
        action: ModerationAction.BAN,
        performedBy: guild.owner.id,
        reason: 'raid account',
      });
      expect(modLog()[0]!.embeds[0]!.title).to.equal('Case #1 · Ban');

      const kicked = h.emu.createUser({ username: 'kicked' });
      h.emu.addMember(guild.id, kicked.id);
      await eventually(() => container.client.guilds.cache.get(guild.id)!.members.cache.has(kicked.id), 'kicked');
      await guild.as.owner.kick(guild.id, kicked.id, 'rude');
      const timedOut = h.emu.createUser({ username: 'muted' });
      h.emu.addMember(guild.id, timedOut.id);
      await eventually(() => container.client.guilds.cache.get(guild.id)!.members.cache.has(timedOut.id), 'muted');
      await guild.as.owner.timeout(guild.id, timedOut.id, new Date(Date.now() + 600_000), 'cool off');
      await eventually(async () => (await cases()).length === 3, 'the kick and timeout cases');
      // The kick's case waits for an audit-log fetch, so under load the timeout's may be numbered first.
      const byAction = async (action: ModerationAction) => (await cases()).find((row) => row.action === action);
      const [kick, timeout] = [await byAction(ModerationAction.KICK), await byAction(ModerationAction.TIMEOUT)];
      expect(kick).to.include({ action: ModerationAction.KICK, userId: kicked.id, performedBy: guild.owner.id });
      expect(timeout).to.include({ action: ModerationAction.TIMEOUT, userId: timedOut.id, reason: 'cool off' });
      expect(timeout!.expiresAt).to.be.instanceOf(Date);
      await guild.as.owner.timeout(guild.id, timedOut.id, null, 'calmer now');
      await eventually(async () => (await cases()).length === 4, 'the manual untimeout case');
      expect((await cases())[3]).to.include({ action: ModerationAction.UNTIMEOUT, reason: 'calmer now' });
      await eventually(
        async () => (await byAction(ModerationAction.TIMEOUT))!.expiryDoneAt !== null,
        "the timeout's expiry to be settled",
      );

      // Leaving on one's own is not a kick.
      const leaver = h.emu.createUser({ username: 'leaves' });
      h.emu.addMember(guild.id, leaver.id);
      await h.emu.actor(leaver.id).leaveGuild(guild.id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await cases()).to.have.length(4);
    });
  });
});
