import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, type APIUser } from 'discord-api-types/v10';
import type { ClientEvents } from 'discord.js';
import { createTestGuild, harness, textOf, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { AchievementType } from '../entities/Achievement';
import achievements from '../index';

// Partner plugins are switched on by name here, as an admin would with /plugins enable: the tests drive their real
// commands, never their files.
const LEVELS = 'levels';
const TICKETS = 'tickets';
const MODERATION = 'moderation';
const ECONOMY = 'economy';

type Unlocked = ClientEvents['achievementUnlocked'][0];
type BadgeAwarded = ClientEvents['badgeAwarded'][0];
type Actor = TestGuild['as']['member'];

describe('achievements plugin end to end', function () {
  this.timeout(40_000);
  let h: Harness;
  let guild: TestGuild;
  let unlocked: Unlocked[];
  let badges: BadgeAwarded[];
  const onUnlock = (event: Unlocked) => unlocked.push(event);
  const onBadge = (event: BadgeAwarded) => badges.push(event);

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['achievements', 'leaderboard', 'ticket', 'warn'], { timeoutMs: 15_000 });
    container.client.on('achievementUnlocked', onUnlock);
    container.client.on('badgeAwarded', onBadge);
  });

  after(() => {
    container.client.off('achievementUnlocked', onUnlock);
    container.client.off('badgeAwarded', onBadge);
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    unlocked = [];
    badges = [];
    await enable(achievements.name);
  });

  const enable = (plugin: string) => container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
  const disable = (plugin: string) => container.guildSettings.disablePlugin(guild.id, plugin, guild.setupBy);
  const unlocksOf = (userId: string) =>
    unlocked.filter((event) => event.guildId === guild.id && event.userId === userId);
  const unlockRows = (userId: string, name: string) =>
    container.database.query<{ user_id: string }[]>(
      `SELECT u.user_id FROM achievement_unlock u JOIN achievement a ON a.id = u.achievement_id
       WHERE u.guild_id = $1 AND u.user_id = $2 AND a.name = $3`,
      [guild.id, userId, name],
    );
  const ledger = (userId: string) =>
    container.database.query<{ type: string; amount: string; description: string }[]>(
      `SELECT t.type, t.amount, t.description FROM economy_transaction t JOIN economy e ON e.id = t.economy_id
       WHERE e.guild_id = $1 AND e.user_id = $2 ORDER BY t.id`,
      [guild.id, userId],
    );
  const botMessagesIn = (channelId: string, since: number) =>
    h.emu
      .messagesSince(since)
      .filter((message) => message.channel_id === channelId && message.author.id === h.emu.botUserId);
  const create = (options: Record<string, string | number | boolean>) =>
    guild.slash(guild.as.owner, 'achievements', 'create', options);

  describe('counting from the real sources', () => {
    it('MESSAGES: unlocks after a levels flush, announced in the channel where the member chatted, pinging only them', async () => {
      await enable(LEVELS);
      await container.guildSettings.setPluginSetting(guild.id, LEVELS, 'announce', '"off"', guild.setupBy);
      const created = await create({
        name: 'Three Words',
        description: 'Say three things.',
        type: 'MESSAGES',
        requirement: 3,
      });
      expect(created.text).to.match(/^Created 💬 \*\*Three Words\*\* \(MESSAGES, 3 messages\)/);
      const mark = h.emu.mark();
      for (const text of ['one', 'two', 'three']) await guild.as.member.say(guild.generalChannelId, text);
      const announcement = await h.emu.waitForMessage({
        channelId: guild.generalChannelId,
        since: mark,
        predicate: (message) => message.content.includes('Three Words'),
      });
      expect(announcement.content).to.equal(`🏆 <@${guild.member.id}> unlocked **💬 Three Words**!`);
      const request = h.emu.core.requests.find(
        (entry) => entry.method === 'POST' && (entry.body as { content?: string })?.content === announcement.content,
      );
      expect((request!.body as { allowed_mentions: unknown }).allowed_mentions).to.deep.equal({
        parse: [],
        users: [guild.member.id],
      });
      expect(unlocksOf(guild.member.id).map((event) => event.name)).to.deep.equal(['Three Words']);
      // More messages never unlock it again.
      await guild.as.member.say(guild.generalChannelId, 'four');
      await container.levels.repository.flush();
      expect(await unlockRows(guild.member.id, 'Three Words')).to.have.length(1);
    });

    it('MESSAGES shows as unavailable while levels is off, and counts nothing', async () => {
      const handle = await guild.as.member.slash(guild.generalChannelId, 'achievements', { subcommand: 'view' });
      const first = await handle.reply();
      const nextId = /pages:[^"]*:n1:[^"]*/.exec(JSON.stringify(first.components))![0];
      const last = textOf(await (await guild.as.member.clickButton(first, nextId)).reply());
      expect(last).to.include(
        '💬 **Chatterbox** — Send 100 messages.\n⛔ Unavailable: the levels plugin is off on this server.',
      );
      await guild.as.member.say(guild.generalChannelId, 'hello');
      expect(await container.achievements.repository.counters(guild.id, guild.member.id)).to.include({ messages: 0 });
    });

    describe('tickets', () => {
      let agent: APIUser;
      let agentActor: Actor;

      beforeEach(async () => {
        const supportRole = h.emu.createRole(guild.id, { name: 'Support' });
        agent = h.emu.createUser({ username: `agent-${guild.id.slice(-4)}` });
        h.emu.addMember(guild.id, agent.id, { roles: [supportRole.id] });
        agentActor = h.emu.actor(agent.id);
        const categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
        await eventually(
          () => container.client.guilds.cache.get(guild.id)?.members.cache.has(agent.id) ?? false,
          'the bot to see the agent',
        );
        await container.guildSettings.updateConfig(
          guild.id,
          'g',
          {
            supportRoleId: supportRole.id,
            supportCategoryId: categoryId,
            modRoleId: guild.modRoleId,
          },
          guild.setupBy,
        );
        await enable(TICKETS);
      });

      async function openTicket(): Promise<string> {
        const command = await guild.as.member.slash(guild.generalChannelId, 'ticket', { subcommand: 'open' });
        await command.modal();
        const submitted = await guild.as.member.submitModal(command, 'tickets:open-modal', {
          title: 'Help',
          description: 'Please',
        });
        return /<#(\d+)>/.exec((await submitted.reply()).content)![1]!;
      }

      const inTicket = async (actor: Actor, channelId: string, subcommand: string) =>
        textOf(await (await actor.slash(channelId, 'ticket', { subcommand })).reply());

      it('TICKETS for the opener and HELP for the claiming agent when the ticket is closed, once even if closed again', async () => {
        const channelId = await openTicket();
        expect(await inTicket(agentActor, channelId, 'claim')).to.match(/claimed/);
        expect(await inTicket(agentActor, channelId, 'close')).to.match(/closed/);
        await eventually(() => unlocksOf(agent.id).length === 1, 'the agent to unlock Helping Hand');
        await eventually(() => unlocksOf(guild.member.id).length === 1, 'the opener to unlock Asked and Answered');
        expect(unlocksOf(agent.id)[0]).to.include({ name: 'Helping Hand', type: AchievementType.HELP });
        expect(unlocksOf(guild.member.id)[0]).to.include({ name: 'Asked and Answered', type: AchievementType.TICKETS });

        // Reopened and closed again: the same ticket counts once.
        expect(await inTicket(agentActor, channelId, 'reopen')).to.match(/open again/);
        expect(await inTicket(agentActor, channelId, 'close')).to.match(/closed/);
        await eventually(async () => {
          const counters = await container.achievements.repository.counters(guild.id, guild.member.id);
          return counters.tickets === 1;
        }, 'the opener to have one ticket counted');
        expect(await container.achievements.repository.counters(guild.id, agent.id)).to.include({ help: 1 });
      });
    });

    it('MODERATION: a warn unlocks Peacekeeper for the moderator, once per case', async () => {
      await enable(MODERATION);
      await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
      const warned = await guild.slash(guild.as.moderator, 'warn', undefined, {
        member: guild.member.id,
        reason: 'spam',
      });
      expect(warned.text).to.match(/Warned/);
      await eventually(() => unlocksOf(guild.moderator.id).length === 1, 'Peacekeeper');
      expect(unlocksOf(guild.moderator.id)[0]).to.include({ name: 'Peacekeeper', via: 'event' });
      await guild.slash(guild.as.moderator, 'warn', undefined, { member: guild.member.id, reason: 'again' });
      await eventually(
        async () => (await container.achievements.repository.counters(guild.id, guild.moderator.id)).moderation === 2,
        'two cases counted',
      );
      expect(unlocksOf(guild.moderator.id)).to.have.length(1);
    });
  });

  describe('hand grants, rewards and badges', () => {
    it('grants a SPECIAL achievement with its reward on the ledger, its badge, and an announcement', async () => {
      await enable(ECONOMY);
      const mark = h.emu.mark();
      const granted = await guild.slash(guild.as.owner, 'achievements', 'grant', {
        member: guild.member.id,
        achievement: 'legend',
      });
      expect(granted.text).to.equal(
        `Gave 🌟 **Legend** (given by hand, reward 1,000, hidden) to <@${guild.member.id}>.`,
      );
      expect(granted.ephemeral).to.equal(true);
      expect(await ledger(guild.member.id)).to.deep.equal([
        { type: 'REWARD', amount: '1000', description: 'Achievement: Legend' },
      ]);
      expect(badges).to.deep.include({
        guildId: guild.id,
        userId: guild.member.id,
        badgeId: badges[0]!.badgeId,
        name: 'Legend',
        icon: '🌟',
        source: 'ACHIEVEMENT',
      });
      const held = await container.achievements.badgesOf(guild.id, guild.member.id);
      expect(held.map((badge) => [badge.name, badge.source])).to.deep.equal([['Legend', 'ACHIEVEMENT']]);
      const announcement = await h.emu.waitForMessage({
        channelId: guild.generalChannelId,
        since: mark,
        predicate: (m) => m.content.includes('unlocked'),
      });
      expect(announcement.content).to.equal(`🏆 <@${guild.member.id}> unlocked **🌟 Legend**!`);

      expect(
        (await guild.slash(guild.as.owner, 'achievements', 'grant', { member: guild.member.id, achievement: 'Legend' }))
          .text,
      ).to.equal(`<@${guild.member.id}> already has **Legend**.`);
      const revoked = await guild.slash(guild.as.owner, 'achievements', 'revoke', {
        member: guild.member.id,
        achievement: 'Legend',
      });
      expect(revoked.text).to.match(/^Took 🌟 \*\*Legend\*\*/);
      expect(await container.achievements.badgesOf(guild.id, guild.member.id)).to.deep.equal([]);
    });

    it('a BADGE item the member owns is one of their badges while they own it', async () => {
      await enable(ECONOMY);
      await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Golden Star', type: 'BADGE', price: 0 });
      const bought = await guild.slash(guild.as.member, 'buy', undefined, { item: 'Golden Star' });
      expect(bought.text).to.match(/Golden Star/);
      const held = await container.achievements.badgesOf(guild.id, guild.member.id);
      expect(held.map((badge) => [badge.name, badge.source])).to.deep.equal([['Golden Star', 'ITEM']]);
      expect(badges.map((badge) => badge.source)).to.deep.equal(['ITEM']);
      await container.achievements.badgesOf(guild.id, guild.member.id);
      expect(badges).to.have.length(1); // held already: not awarded twice
    });

    it('skips an announcement channel deleted since, telling the admins once, and still unlocks', async () => {
      const log = h.emu.createChannel(guild.id, { name: 'bot-log' }).id;
      await container.guildSettings.updateConfig(guild.id, 'g', { logChannelId: log }, guild.setupBy);
      const announcements = h.emu.createChannel(guild.id, { name: 'trophies' }).id;
      await eventually(() => container.client.channels.cache.has(announcements), 'the bot to see #trophies');
      await achievements.setSetting(guild.id, 'announceChannelId', announcements, guild.setupBy);
      await achievements.setSetting(guild.id, 'announce', 'channel', guild.setupBy);
      await guild.as.owner.deleteChannel(announcements);
      await eventually(() => !container.client.channels.cache.has(announcements), 'the bot to see the delete');
      const mark = h.emu.mark();
      for (const member of [guild.member.id, guild.moderator.id]) {
        const granted = await guild.slash(guild.as.owner, 'achievements', 'grant', { member, achievement: 'Legend' });
        expect(granted.text).to.match(/^Gave 🌟 \*\*Legend\*\*/);
      }
      await eventually(() => botMessagesIn(log, mark).length === 1, 'the notice');
      expect(unlocksOf(guild.member.id)).to.have.length(1);
      expect(unlocksOf(guild.moderator.id)).to.have.length(1);
      expect(botMessagesIn(log, mark)[0]!.content).to.contain(
        `the \`announceChannelId\` setting names a channel that no longer exists (<#${announcements}>`,
      );
      const bot = h.emu.messagesSince(mark).filter((message) => message.author.id === h.emu.botUserId);
      expect(bot.filter((message) => message.content.includes('unlocked'))).to.deep.equal([]);
      expect(botMessagesIn(log, mark)).to.have.length(1);
    });

    it('works with the economy disabled: the unlock and badge happen, no money moves', async () => {
      const granted = await guild.slash(guild.as.owner, 'achievements', 'grant', {
        member: guild.member.id,
        achievement: 'Legend',
      });
      expect(granted.text).to.match(/^Gave 🌟 \*\*Legend\*\*/);
      expect(unlocksOf(guild.member.id)).to.have.length(1);
      expect(badges).to.have.length(1);
      const [{ count }] = await container.database.query<{ count: string }[]>(
        `SELECT count(*) FROM economy e WHERE e.guild_id = $1`,
        [guild.id],
      );
      expect(count).to.equal('0');
    });

    it('unlocks exactly once under a concurrent burst: parallel grants, and parallel counts crossing the bar', async () => {
      await enable(ECONOMY);
      const grants = await Promise.all(
        Array.from({ length: 6 }, () =>
          guild.slash(guild.as.owner, 'achievements', 'grant', { member: guild.member.id, achievement: 'Legend' }),
        ),
      );
      expect(grants.filter((reply) => reply.text.startsWith('Gave'))).to.have.length(1);
      expect(grants.filter((reply) => reply.text.includes('already has'))).to.have.length(5);
      expect(await ledger(guild.member.id)).to.have.length(1);

      // Twenty moderation actions land at once, from several connections: Peacekeeper (1) is unlocked once.
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          container.achievements.count(guild.id, guild.moderator.id, AchievementType.MODERATION, {
            onceKey: `burst-${index}`,
          }),
        ),
      );
      expect(results.flat().map((unlock) => unlock.achievement.name)).to.deep.equal(['Peacekeeper']);
      expect(await unlockRows(guild.moderator.id, 'Peacekeeper')).to.have.length(1);
      expect(await container.achievements.repository.counters(guild.id, guild.moderator.id)).to.include({
        moderation: 20,
        earned: 1,
      });
      const held = await container.achievements.badgesOf(guild.id, guild.moderator.id);
      expect(held.map((badge) => badge.name)).to.deep.equal(['Peacekeeper']);
    });
  });

  describe('viewing', () => {
    it('shows earned with the date, in progress with a bar and what is left, locked, and hidden as ???', async () => {
      for (let index = 0; index < 3; index++) {
        await container.achievements.count(guild.id, guild.member.id, AchievementType.MODERATION, {
          onceKey: `v-${index}`,
        });
      }
      const view = await guild.slash(guild.as.owner, 'achievements', 'view', { member: guild.member.id });
      expect(view.text).to.match(/Achievements · 1 of 8 earned/);
      expect(view.text).to.match(/🛡️ \*\*Peacekeeper\*\* — Take your first moderation action\.\n✅ Earned <t:\d+:D>/);
      expect(view.text).to.include(
        '⚔️ **Guardian** — Take 50 moderation actions.\n▰▱▱▱▱▱▱▱▱▱ 3/50 · 47 moderation actions to go',
      );
      expect(view.text).to.include(
        '🔒 🤝 **Helping Hand** — Resolve a ticket as its agent.\nLocked · 1 ticket resolved needed',
      );
      const paged = await guild.as.owner.slash(guild.generalChannelId, 'achievements', {
        subcommand: 'view',
        options: { member: guild.member.id },
      });
      const reply = await paged.reply();
      const nextId = /pages:[^"]*:n1:[^"]*/.exec(JSON.stringify(reply.components))![0];
      const next = await guild.as.owner.clickButton(reply, nextId);
      expect(textOf(await next.reply())).to.include('❔ **???** — a hidden achievement.');
      expect(textOf(await next.reply())).not.to.include('Legend');
    });

    it('/leaderboard achievements ranks members by achievements earned', async () => {
      await container.achievements.count(guild.id, guild.moderator.id, AchievementType.MODERATION);
      await container.achievements.grant(guild.id, 'Legend', guild.member.id, guild.owner.id, null);
      await container.achievements.count(guild.id, guild.member.id, AchievementType.HELP);
      const board = await guild.slash(guild.as.member, 'leaderboard', 'achievements');
      expect(board.text.indexOf(guild.member.id)).to.be.lessThan(board.text.indexOf(guild.moderator.id));
      expect(board.text).to.include('2 achievements');
      expect(board.text).to.include('1 achievement');
    });
  });

  describe('administration', () => {
    it('a lowered requirement unlocks at once for members who already qualify, with one summary', async () => {
      await container.achievements.settings(guild.id);
      const members = Array.from({ length: 7 }, (_, index) =>
        h.emu.createUser({ username: `m${index}-${guild.id.slice(-4)}` }),
      );
      for (const member of members) {
        for (let index = 0; index < 2; index++) {
          await container.achievements.count(guild.id, member.id, AchievementType.MODERATION, {
            onceKey: `${member.id}-${index}`,
          });
        }
      }
      unlocked = [];
      const mark = h.emu.mark();
      const edited = await guild.slash(guild.as.owner, 'achievements', 'edit', {
        achievement: 'Guardian',
        requirement: 2,
      });
      expect(edited.text).to.equal(
        'Saved ⚔️ **Guardian** (MODERATION, 2 moderation actions, reward 250). Members who now qualify get it in a moment.',
      );
      await eventually(
        () => unlocked.filter((event) => event.name === 'Guardian').length === 7,
        'seven retroactive unlocks',
      );
      expect(unlocked.every((event) => event.via === 'retroactive')).to.equal(true);
      const summary = await h.emu.waitForMessage({
        channelId: guild.generalChannelId,
        since: mark,
        predicate: (message) => message.content.startsWith('🏆'),
      });
      expect(summary.content).to.match(/^🏆 7 members unlocked ⚔️ \*\*Guardian\*\*: (<@\d+>, ){6}<@\d+>\.$/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(botMessagesIn(guild.generalChannelId, mark).filter((m) => m.content.startsWith('🏆'))).to.have.length(1);
    });

    it('creates, edits and deletes definitions; deleting takes the achievement and its badge from holders', async () => {
      const created = await create({
        name: 'Night Owl',
        description: 'Be around.',
        type: 'SPECIAL',
        icon: '🦉',
        reward: 5,
      });
      expect(created.text).to.equal('Created 🦉 **Night Owl** (given by hand, reward 5).');
      expect((await create({ name: 'night owl', description: 'Again', type: 'SPECIAL' })).text).to.equal(
        'There already is an achievement called **night owl**.',
      );
      await guild.slash(guild.as.owner, 'achievements', 'grant', { member: guild.member.id, achievement: 'Night Owl' });
      const edited = await guild.slash(guild.as.owner, 'achievements', 'edit', {
        achievement: 'night owl',
        name: 'Early Bird',
        icon: '🐦',
      });
      expect(edited.text).to.equal('Saved 🐦 **Early Bird** (given by hand, reward 5).');
      expect(
        (await container.achievements.badgesOf(guild.id, guild.member.id)).map((b) => `${b.icon} ${b.name}`),
      ).to.deep.equal(['🐦 Early Bird']);
      const deleted = await guild.slash(guild.as.owner, 'achievements', 'delete', { achievement: 'Early Bird' });
      expect(deleted.text).to.equal(
        'Deleted 🐦 **Early Bird** (given by hand, reward 5). 1 member lost it and its badge.',
      );
      expect(await container.achievements.badgesOf(guild.id, guild.member.id)).to.deep.equal([]);
      expect(await container.achievements.repository.counters(guild.id, guild.member.id)).to.include({ earned: 0 });
    });

    it('refuses: missing permission, unknown achievement, negative requirement, bad icon, grant of a counted one', async () => {
      const denied = await guild.slash(guild.as.member, 'achievements', 'create', {
        name: 'x',
        description: 'y',
        type: 'HELP',
      });
      expect(denied.text).to.match(/need the \*\*MANAGE_BOT_SETTINGS\*\* permission/);
      expect(denied.ephemeral).to.equal(true);
      expect(
        (
          await guild.slash(guild.as.moderator, 'achievements', 'grant', {
            member: guild.member.id,
            achievement: 'Legend',
          })
        ).text,
      ).to.match(/MANAGE_USER_PROFILE/);
      expect(
        (await guild.slash(guild.as.owner, 'achievements', 'edit', { achievement: 'Nope', reward: 3 })).text,
      ).to.equal('There is no achievement called **Nope** here. `/achievements view` lists them.');
      expect((await create({ name: 'Bad', description: 'Bad', type: 'HELP', requirement: -5 })).text).to.equal(
        'The requirement must be a whole number from 1 to 1,000,000.',
      );
      expect((await create({ name: 'Bad', description: 'Bad', type: 'HELP', icon: 'trophy' })).text).to.equal(
        'The icon must be one emoji, such as 🏆 or a server emoji.',
      );
      expect(
        (
          await guild.slash(guild.as.owner, 'achievements', 'grant', {
            member: guild.member.id,
            achievement: 'Guardian',
          })
        ).text,
      ).to.equal('**Guardian** unlocks by itself (MODERATION); only SPECIAL achievements are given by hand.');
      expect((await guild.prefix(guild.as.owner, '!achievements create x')).text).to.match(/use the slash command/);
    });

    it('refuses every subcommand once the plugin is disabled, naming the plugin', async () => {
      await disable(achievements.name);
      const view = await guild.slash(guild.as.member, 'achievements', 'view');
      expect(view.text).to.match(/\*\*achievements\*\* plugin is disabled/);
      expect(
        (await guild.slash(guild.as.owner, 'achievements', 'grant', { member: guild.member.id, achievement: 'Legend' }))
          .text,
      ).to.match(/\*\*achievements\*\* plugin is disabled/);
    });

    it('prefix forms: view, grant with a name of several words', async () => {
      await create({ name: 'Star Helper', description: 'Shines', type: 'SPECIAL' });
      const mark = h.emu.mark();
      await guild.as.owner.say(guild.generalChannelId, `!achievements grant <@${guild.member.id}> star helper`);
      const granted = {
        text: textOf(
          await h.emu.waitForMessage({ since: mark, predicate: (message) => message.content.startsWith('Gave') }),
        ),
      };
      expect(granted.text).to.equal(`Gave 🌟 **Star Helper** (given by hand) to <@${guild.member.id}>.`);
      const view = await guild.prefix(guild.as.member, '!achievements');
      expect(view.text).to.match(/Achievements · 1 of 9 earned/);
    });
  });
});
