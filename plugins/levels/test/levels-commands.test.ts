import { createCanvas } from '@napi-rs/canvas';
import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { drawGradientBackground, SHIPPED_BACKGROUNDS } from '#core/plugin-kit/cardBackgrounds';
import {
  createTestGuild,
  eachTestInGuildWith,
  setPluginSetting,
  textOf,
  type Harness,
  type TestGuild,
} from '#test/helpers/e2e';
import { LEFT_RGB, nearColour, pixelOf, RIGHT_RGB, twoToneImage } from '#test/helpers/images';
import { eventually } from '#test/helpers/wait';
import levels from '../index';
import { RANK_CARD_FRAME, RANK_CARD_HEIGHT, RANK_CARD_WIDTH } from '../lib/rankCard';

/** The economy plugin, levels' optional partner for the rank card's background (its handle is economy's own). */
const ECONOMY = 'economy';

describe('levels commands end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  eachTestInGuildWith(levels.name, (fixture) => ({ h, guild } = fixture));

  const set = (key: string, value: unknown) => setPluginSetting(guild, levels.name, key, value);

  async function totalXp(userId: string): Promise<number | undefined> {
    await container.levels.repository.flush();
    const rows = await container.database.query<{ total_xp: number }[]>(
      'SELECT total_xp FROM level WHERE guild_id = $1 AND user_id = $2',
      [guild.id, userId],
    );
    return rows[0]?.total_xp;
  }

  /** Runs `/levels <group> <subcommand>` as the owner and returns the reply's content. */
  async function grouped(group: string, subcommand: string, options: Record<string, string | number>) {
    const handle = await guild.as.owner.slash(guild.generalChannelId, 'levels', { group, subcommand, options });
    return (await handle.reply()).content;
  }

  const rolesOf = (userId: string) => h.emu.world.guilds.get(guild.id)!.members.get(userId)!.roles;
  const botSeesRoles = (userId: string, count: number) =>
    eventually(
      () => container.client.guilds.cache.get(guild.id)?.members.cache.get(userId)?.roles.cache.size === count + 1,
      'the bot to see the member roles',
    );

  describe('/xp', () => {
    it('adds, removes (never below 0) and sets XP, slash and prefix alike', async () => {
      const added = await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 250 });
      expect(added.text).to.equal(`Gave **250 XP** to <@${guild.member.id}>: now **level 1** with 250 XP.`);
      expect(await totalXp(guild.member.id)).to.equal(250);

      const removed = await guild.prefix(guild.as.owner, `!xp remove <@${guild.member.id}> 1000`);
      expect(removed.text).to.contain('now **level 0** with 0 XP');
      expect(await totalXp(guild.member.id)).to.equal(0);

      await guild.slash(guild.as.owner, 'xp', 'set', { member: guild.member.id, amount: 4675 });
      const rows = await container.database.query<{ level: number; xp: number }[]>(
        'SELECT level, xp FROM level WHERE guild_id = $1 AND user_id = $2',
        [guild.id, guild.member.id],
      );
      expect(rows[0]).to.deep.equal({ level: 10, xp: 0 });
    });

    it('refuses negative amounts, members of other servers, members without the permission and a disabled plugin', async () => {
      // The slash option's bounds keep -5 from being sent at all (see levels-hostile-input); the prefix form can.
      const negative = await guild.prefix(guild.as.owner, `!xp add <@${guild.member.id}> -5`);
      expect(negative.text).to.equal('XP amounts must be whole numbers, 0 or more.');
      const negativePrefix = await guild.prefix(guild.as.owner, `!xp set <@${guild.member.id}> -1`);
      expect(negativePrefix.text).to.equal('XP amounts must be whole numbers, 0 or more.');

      const stranger = h.emu.createUser({ username: 'elsewhere' });
      const other = await createTestGuild(h.emu);
      h.emu.addMember(other.id, stranger.id);
      const outsider = await guild.slash(guild.as.owner, 'xp', 'add', { member: stranger.id, amount: 5 });
      expect(outsider.text).to.equal('**elsewhere** is not a member of this server.');

      const denied = await guild.slash(guild.as.moderator, 'xp', 'add', { member: guild.member.id, amount: 5 });
      expect(denied.text).to.match(/You need the \*\*MANAGE_USER_PROFILE\*\* permission/);

      await container.guildSettings.disablePlugin(guild.id, levels.name, guild.setupBy);
      const disabled = await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 5 });
      expect(disabled.text).to.match(/\*\*levels\*\* plugin is disabled/);
      expect(await totalXp(guild.member.id)).to.equal(undefined);
    });
  });

  describe('role rewards', () => {
    let bronze: string;
    let silver: string;

    beforeEach(async () => {
      bronze = h.emu.createRole(guild.id, { name: 'Bronze' }).id;
      silver = h.emu.createRole(guild.id, { name: 'Silver' }).id;
      await grouped('reward', 'add', { level: 1, role: bronze });
      await guild.prefix(guild.as.owner, `!levels reward add 2 <@&${silver}>`);
      expect((await container.levels.settings(guild.id)).roleRewards).to.deep.equal([
        { level: 1, roleId: bronze },
        { level: 2, roleId: silver },
      ]);
      // 155 XP a message: level 1 (100 XP) on the first, level 2 (255 XP) on the second.
      await set('xpMin', 155);
      await set('xpMax', 155);
      await set('cooldownSeconds', 0);
      // Admins' prefix commands must not level them up: the announcement would race the command's reply.
      await set('xpForCommands', false);
    });

    it('stack mode: a level-up by chatting gives the role, an admin change gives the next and keeps both', async () => {
      await guild.as.member.say(guild.generalChannelId, 'level one please');
      await eventually(() => rolesOf(guild.member.id).includes(bronze), 'the bronze reward');
      await guild.slash(guild.as.owner, 'xp', 'set', { member: guild.member.id, amount: 300 });
      expect(rolesOf(guild.member.id)).to.have.members([bronze, silver]);
      await guild.slash(guild.as.owner, 'xp', 'set', { member: guild.member.id, amount: 0 });
      expect(rolesOf(guild.member.id)).to.deep.equal([]);
    });

    it('replace mode keeps only the highest reward', async () => {
      await set('rewardMode', 'replace');
      await guild.slash(guild.as.owner, 'xp', 'set', { member: guild.member.id, amount: 100 });
      expect(rolesOf(guild.member.id)).to.deep.equal([bronze]);
      await botSeesRoles(guild.member.id, 1);
      await guild.as.member.say(guild.generalChannelId, 'on to level two');
      await eventually(() => rolesOf(guild.member.id).includes(silver), 'the silver reward');
      expect(rolesOf(guild.member.id)).to.deep.equal([silver]);
    });

    it('/levels sync gives back a reward role removed by hand', async () => {
      await guild.slash(guild.as.owner, 'xp', 'set', { member: guild.member.id, amount: 300 });
      await guild.as.owner.removeRole(guild.id, guild.member.id, silver);
      await botSeesRoles(guild.member.id, 1);
      const sync = await guild.slash(guild.as.owner, 'levels', 'sync', {});
      // The owner chatted (the prefix command above) and is checked too.
      expect(sync.text).to.equal('Checked 2 members; fixed the roles of 1.');
      expect(rolesOf(guild.member.id)).to.have.members([bronze, silver]);

      await guild.as.owner.removeRole(guild.id, guild.member.id, bronze);
      await botSeesRoles(guild.member.id, 1);
      const one = await guild.prefix(guild.as.owner, `!levels sync <@${guild.member.id}>`);
      expect(one.text).to.equal('Checked 1 member; fixed the roles of 1.');
      expect(rolesOf(guild.member.id)).to.have.members([bronze, silver]);
    });

    it('reports a reward role the bot cannot assign to the log channel once, and skips it', async () => {
      const log = h.emu.createChannel(guild.id, { name: 'bot-log' });
      await container.guildSettings.updateConfig(guild.id, 'g', { logChannelId: log.id }, guild.setupBy);
      const high = h.emu.createRole(guild.id, { name: 'Above the bot', position: 50 }).id;
      await grouped('reward', 'add', { level: 1, role: high });
      await guild.as.member.say(guild.generalChannelId, 'level one');
      const report = await h.emu.waitForMessage({ channelId: log.id });
      expect(report.content).to.contain(`<@&${high}>`);
      await eventually(() => rolesOf(guild.member.id).includes(bronze), 'the assignable reward');
      await botSeesRoles(guild.member.id, 1);
      await guild.as.member.say(guild.generalChannelId, 'level two');
      await eventually(() => rolesOf(guild.member.id).includes(silver), 'the silver reward');
      await container.levels.repository.flush();
      expect(h.emu.messagesSince(0).filter((m) => m.channel_id === log.id)).to.have.length(1);
      expect(rolesOf(guild.member.id)).not.to.include(high);
    });

    it('skips a reward role and an announcement channel deleted since, telling the admins once each', async () => {
      const log = h.emu.createChannel(guild.id, { name: 'bot-log' });
      await container.guildSettings.updateConfig(guild.id, 'g', { logChannelId: log.id }, guild.setupBy);
      const levelUps = h.emu.createChannel(guild.id, { name: 'level-ups' }).id;
      await eventually(() => container.client.channels.cache.has(levelUps), 'the bot to see #level-ups');
      await set('announceChannelId', levelUps);
      await set('announce', 'channel');
      await guild.as.owner.deleteRole(guild.id, bronze);
      await guild.as.owner.deleteChannel(levelUps);
      await eventually(() => !container.client.channels.cache.has(levelUps), 'the bot to see the deletes');
      const since = h.emu.mark();
      await guild.as.member.say(guild.generalChannelId, 'level one');
      await guild.as.moderator.say(guild.generalChannelId, 'level one too');
      const notices = () => h.emu.messagesSince(since).filter((message) => message.channel_id === log.id);
      await eventually(() => notices().length === 2, 'a notice about the role and one about the channel', 10_000);
      await guild.as.member.say(guild.generalChannelId, 'level two');
      await eventually(() => rolesOf(guild.member.id).includes(silver), 'the silver reward');
      await container.levels.repository.flush();
      const [first, second] = notices().map((message) => message.content);
      expect([first, second].join('\n'))
        .to.contain(`level 1 reward role <@&${bronze}>: the role no longer exists`)
        .and.to.contain(`the \`announceChannelId\` setting names a channel that no longer exists (<#${levelUps}>`);
      expect(notices()).to.have.length(2);
      expect(rolesOf(guild.member.id)).to.deep.equal([silver]);
      // The bot said nothing anywhere else: no announcement elsewhere, no apology.
      const elsewhere = h.emu
        .messagesSince(since)
        .filter((message) => message.author.id === h.emu.botUserId && message.channel_id !== log.id);
      expect(elsewhere).to.deep.equal([]);
    });

    it('refuses @everyone or a bot role as a reward', async () => {
      const everyone = await guild.prefix(guild.as.owner, `!levels reward add 3 <@&${guild.id}>`);
      expect(everyone.text).to.equal(
        'That role cannot be a reward: pick a normal role (not @everyone or a bot’s role).',
      );
      const botRole = h.emu.world.roles(guild.id).find((role) => role.managed)!;
      const managed = await grouped('reward', 'add', { level: 3, role: botRole.id });
      expect(managed).to.equal('That role cannot be a reward: pick a normal role (not @everyone or a bot’s role).');
      expect((await container.levels.settings(guild.id)).roleRewards).to.have.length(2);
    });

    it('/levels reward remove stops giving a role; removing a non-reward is refused', async () => {
      const removed = await grouped('reward', 'remove', { role: silver });
      expect(removed).to.equal(`<@&${silver}> is no longer a reward role.`);
      const again = await guild.prefix(guild.as.owner, `!levels reward remove <@&${silver}>`);
      expect(again.text).to.equal(`<@&${silver}> is not a reward role.`);
      expect((await container.levels.settings(guild.id)).roleRewards).to.deep.equal([{ level: 1, roleId: bronze }]);
    });
  });

  describe('XP rules management', () => {
    it('toggles no-XP channels and roles and sets multipliers; /levels rules lists them', async () => {
      const spam = h.emu.createChannel(guild.id, { name: 'spam' });
      const role = h.emu.createRole(guild.id, { name: 'VIP' });
      const off = await grouped('noxp', 'channel', { channel: spam.id });
      expect(off).to.equal(`No XP is earned in <#${spam.id}> now.`);
      await guild.prefix(guild.as.owner, `!levels noxp role <@&${role.id}>`);
      await guild.prefix(guild.as.owner, `!levels multiplier role <@&${role.id}> 2.5`);
      const settings = await container.levels.settings(guild.id);
      expect(settings.noXpChannelIds).to.deep.equal([spam.id]);
      expect(settings.noXpRoleIds).to.deep.equal([role.id]);
      expect(settings.roleMultipliers).to.deep.equal({ [role.id]: 2.5 });

      const rules = await guild.slash(guild.as.member, 'levels', 'rules');
      expect(rules.text).to.contain(`<#${spam.id}>`).and.to.contain(`<@&${role.id}> ×2.5`);

      const on = await grouped('noxp', 'channel', { channel: spam.id });
      expect(on).to.equal(`XP is earned in <#${spam.id}> again.`);
      const tooBig = await guild.prefix(guild.as.owner, `!levels multiplier channel <#${spam.id}> 50`);
      expect(tooBig.text).to.equal('A multiplier must be between 0 and 10.');
    });
  });

  describe('resets', () => {
    it('/levels reset deletes one member; refuses a member without XP', async () => {
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 50 });
      const reset = await guild.slash(guild.as.owner, 'levels', 'reset', { member: guild.member.id });
      expect(reset.text).to.equal(`Reset <@${guild.member.id}>'s XP and level.`);
      expect(await totalXp(guild.member.id)).to.equal(undefined);
      const again = await guild.prefix(guild.as.owner, `!levels reset <@${guild.member.id}>`);
      expect(again.text).to.equal(`<@${guild.member.id}> has no XP to reset.`);
    });

    it('/levels reset-all asks first; only the asker can confirm', async () => {
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 50 });
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.moderator.id, amount: 70 });
      const ask = await guild.slash(guild.as.owner, 'levels', 'reset-all');
      expect(ask.text).to.contain('**2** members');
      const confirm = buttonId(ask.reply, 'Delete all levels');

      const intruder = await guild.as.moderator.clickButton(ask.reply, confirm);
      // A moderator lacks the permission the button needs; another admin would be told only the asker may answer.
      expect((await intruder.reply()).content).to.match(/^You need the \*\*MANAGE_BOT_SETTINGS\*\* permission/);
      expect(await totalXp(guild.member.id)).to.equal(50);

      const cancelled = await guild.prefix(guild.as.owner, '!levels reset-all');
      const cancel = await guild.as.owner.clickButton(cancelled.reply, buttonId(cancelled.reply, 'Cancel'));
      expect((await cancel.reply()).content).to.equal('Cancelled: nobody’s levels were touched.');
      expect(await totalXp(guild.member.id)).to.equal(50);

      const click = await guild.as.owner.clickButton(ask.reply, confirm);
      await click.response();
      await eventually(
        () => h.emu.world.findMessage(ask.reply.id)?.message.content.startsWith('Reset the XP') ?? false,
        'the confirmation to be answered',
      );
      expect(await totalXp(guild.member.id)).to.equal(undefined);
      expect(await totalXp(guild.moderator.id)).to.equal(undefined);
    });
    it('tells the admin when the database fails the reset-all confirmation, and deletes nothing', async () => {
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 50 });
      const ask = await guild.slash(guild.as.owner, 'levels', 'reset-all');
      // The table is out of the way only while the click is handled: its DELETE fails as any database error would.
      await container.database.query('ALTER TABLE level RENAME TO level_unavailable');
      try {
        const click = await guild.as.owner.clickButton(ask.reply, buttonId(ask.reply, 'Delete all levels'));
        await click.response();
        await eventually(
          () =>
            h.emu.world.findMessage(ask.reply.id)?.message.content.startsWith('Sorry, something went wrong') ?? false,
          'the admin to be told the reset failed',
        );
      } finally {
        await container.database.query('ALTER TABLE level_unavailable RENAME TO level');
      }
      expect(h.emu.world.findMessage(ask.reply.id)!.message.components ?? []).to.deep.equal([]);
      expect(await totalXp(guild.member.id)).to.equal(50);
    });
  });

  describe('/rank', () => {
    it('attaches a PNG rank card of the expected size', async () => {
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 180 });
      const rank = await guild.slash(guild.as.member, 'rank');
      expect(rank.reply.attachments).to.have.length(1);
      const png = Buffer.from(await (await fetch(rank.reply.attachments[0].url)).arrayBuffer());
      expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([RANK_CARD_WIDTH, RANK_CARD_HEIGHT]);
    });

    it('shows the equipped background where economy is on: an uploaded image or a shipped one', async () => {
      await h.emu.waitForCommandsRegistered(['shop', 'buy', 'equip'], { timeoutMs: 15_000 });
      const cardOf = async (reply: { attachments: { url: string }[] }) =>
        Buffer.from(await (await fetch(reply.attachments[0]!.url)).arrayBuffer());
      // The card's frame, around its panel: at mid-height on the left and right edges.
      const y = RANK_CARD_HEIGHT / 2;
      const left = RANK_CARD_FRAME / 2;
      const right = RANK_CARD_WIDTH - RANK_CARD_FRAME / 2;
      const plainFrame = [0x23, 0x27, 0x2a];
      expect(
        nearColour(
          await pixelOf(await cardOf((await guild.slash(guild.as.member, 'rank')).reply), left, y),
          plainFrame,
        ),
      ).to.equal(true);

      await container.guildSettings.enablePlugin(guild.id, ECONOMY, guild.setupBy);
      const image = { name: 'bg.png', data: await twoToneImage(1200, 600), contentType: 'image/png' };
      await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Flag', type: 'BACKGROUND', price: '1', image });
      await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Ocean', type: 'BACKGROUND', price: '1' });
      await container.economy.credit(guild.id, guild.member.id, 10);
      for (const item of ['Flag', 'Ocean']) await guild.slash(guild.as.member, 'buy', undefined, { item });
      await guild.slash(guild.as.member, 'equip', undefined, { item: 'Flag' });
      const uploaded = await cardOf((await guild.slash(guild.as.member, 'rank')).reply);
      expect([uploaded.readUInt32BE(16), uploaded.readUInt32BE(20)]).to.deep.equal([RANK_CARD_WIDTH, RANK_CARD_HEIGHT]);
      expect(nearColour(await pixelOf(uploaded, left, y), LEFT_RGB)).to.equal(true);
      expect(nearColour(await pixelOf(uploaded, right, y), RIGHT_RGB)).to.equal(true);

      await guild.slash(guild.as.member, 'equip', undefined, { item: 'Ocean' });
      const shipped = await cardOf((await guild.slash(guild.as.member, 'rank')).reply);
      const expected = createCanvas(RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
      drawGradientBackground(expected.getContext('2d'), SHIPPED_BACKGROUNDS.ocean, RANK_CARD_WIDTH, RANK_CARD_HEIGHT);
      const oceanPixel = [...expected.getContext('2d').getImageData(left, y, 1, 1).data.slice(0, 3)];
      expect(nearColour(await pixelOf(shipped, left, y), oceanPixel, 2)).to.equal(true);
      expect(nearColour(oceanPixel, plainFrame)).to.equal(false);

      // Economy off here: the plain card again.
      await container.guildSettings.disablePlugin(guild.id, ECONOMY, guild.setupBy);
      const off = await cardOf((await guild.slash(guild.as.member, 'rank')).reply);
      expect(nearColour(await pixelOf(off, left, y), plainFrame)).to.equal(true);
    });

    it('answers in text where the bot may not attach files, for another member, by prefix', async () => {
      const textOnly = h.emu.createChannel(guild.id, {
        name: 'no-files',
        permissionOverwrites: [
          { id: h.emu.world.guilds.get(guild.id)!.id, type: 'role', deny: PermissionFlagsBits.AttachFiles },
        ],
      });
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 180 });
      await guild.as.owner.say(textOnly.id, `!rank <@${guild.member.id}>`);
      const reply = await h.emu.waitForMessage({ channelId: textOnly.id });
      expect(reply.attachments).to.deep.equal([]);
      expect(reply.content).to.contain('— Level 1 · Rank #1').and.to.contain('80 / 155 XP');
    });
  });

  describe('/leaderboard levels', () => {
    it('pages members by XP with buttons and jumps to the viewer’s page', async () => {
      const users = Array.from({ length: 12 }, (_, index) => {
        const user = h.emu.createUser({ username: `ranked${index}` });
        h.emu.addMember(guild.id, user.id);
        return user;
      });
      await eventually(
        () => container.client.guilds.cache.get(guild.id)!.members.cache.size >= 15,
        'the bot to see the members',
      );
      for (const [index, user] of users.entries()) {
        await guild.slash(guild.as.owner, 'xp', 'add', { member: user.id, amount: 1000 - index * 10 });
      }
      await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 1 });

      const board = await guild.slash(guild.as.member, 'leaderboard', 'levels');
      expect(board.text).to.contain(`**1.** <@${users[0].id}> — Level 4 · 1,000 XP`);
      expect(board.text).to.contain('Your rank\n#13');
      const myPage = await guild.as.member.clickButton(board.reply, buttonId(board.reply, 'My page'));
      await myPage.response();
      await eventually(
        () => textOf(h.emu.world.findMessage(board.reply.id)!.message).includes(`**13.** <@${guild.member.id}>`),
        'the second page',
      );
    });
  });
});

function buttonId(message: APIMessage, label: string): string {
  for (const row of message.components ?? []) {
    for (const component of (row as { components?: { label?: string; custom_id?: string }[] }).components ?? []) {
      if (component.label === label && component.custom_id) return component.custom_id;
    }
  }
  throw new Error(`no button "${label}"`);
}
