import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { eachTestInGuildWith, setPluginSetting, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import type { LevelUpEvent } from '../events';
import levels from '../index';

interface LevelRow {
  level: number;
  xp: number;
  total_xp: number;
  message_count: number;
  last_message: Date | null;
}

describe('levels plugin end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  eachTestInGuildWith(levels.name, (fixture) => ({ h, guild } = fixture));

  const set = (key: string, value: unknown) => setPluginSetting(guild, levels.name, key, value);

  async function row(userId: string): Promise<LevelRow | undefined> {
    const rows = await container.database.query<LevelRow[]>(
      'SELECT level, xp, total_xp, message_count, last_message FROM level WHERE guild_id = $1 AND user_id = $2',
      [guild.id, userId],
    );
    return rows[0];
  }

  /** Waits until the member's row shows `messages` messages (flushes run every second). */
  async function rowAfter(userId: string, messages: number): Promise<LevelRow> {
    await eventually(async () => (await row(userId))?.message_count === messages, `${messages} messages counted`);
    return (await row(userId))!;
  }

  describe('earning XP', () => {
    it('awards 15–25 XP for a message, then nothing during the cooldown while still counting messages', async () => {
      await guild.as.member.say(guild.generalChannelId, 'hello there');
      const first = await rowAfter(guild.member.id, 1);
      expect(first.total_xp).to.be.within(15, 25);
      expect(first.last_message).to.be.instanceOf(Date);

      await guild.as.member.say(guild.generalChannelId, 'and again');
      await guild.as.member.say(guild.generalChannelId, 'and once more');
      const later = await rowAfter(guild.member.id, 3);
      expect(later.total_xp).to.equal(first.total_xp);
      expect(later.last_message!.getTime()).to.be.at.least(first.last_message!.getTime());
    });

    it('awards XP again once the cooldown has passed', async () => {
      await set('cooldownSeconds', 1);
      await set('xpMin', 10);
      await set('xpMax', 10);
      await guild.as.member.say(guild.generalChannelId, 'one');
      await rowAfter(guild.member.id, 1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await guild.as.member.say(guild.generalChannelId, 'two');
      expect((await rowAfter(guild.member.id, 2)).total_xp).to.equal(20);
    });

    it('ignores bots, and gives no XP in a no-XP channel or for a no-XP role (messages still count)', async () => {
      const quiet = h.emu.createChannel(guild.id, { name: 'spam' });
      const muted = h.emu.createRole(guild.id, { name: 'No XP' });
      h.emu.setMemberRoles(guild.id, guild.moderator.id, [guild.modRoleId, muted.id]);
      await set('noXpChannelIds', [quiet.id]);
      await set('noXpRoleIds', [muted.id]);
      const bot = h.emu.createUser({ username: 'otherbot', bot: true });
      h.emu.addMember(guild.id, bot.id);

      await h.emu.actor(bot.id).say(guild.generalChannelId, 'beep');
      await guild.as.member.say(quiet.id, 'in the spam channel');
      await guild.as.moderator.say(guild.generalChannelId, 'I have the no-XP role');
      expect((await rowAfter(guild.member.id, 1)).total_xp).to.equal(0);
      expect((await rowAfter(guild.moderator.id, 1)).total_xp).to.equal(0);
      expect(await row(bot.id)).to.equal(undefined);
    });

    it('gives no XP for prefix commands when xpForCommands is off', async () => {
      await set('xpForCommands', false);
      await guild.prefix(guild.as.member, '!help');
      expect((await rowAfter(guild.member.id, 1)).total_xp).to.equal(0);
    });

    it('multiplies XP by the global, channel and highest role multipliers', async () => {
      const boosted = h.emu.createChannel(guild.id, { name: 'boosted' });
      const small = h.emu.createRole(guild.id, { name: 'Booster x2' });
      const large = h.emu.createRole(guild.id, { name: 'Booster x3' });
      h.emu.setMemberRoles(guild.id, guild.member.id, [small.id, large.id]);
      await set('xpMin', 10);
      await set('xpMax', 10);
      await set('multiplier', 1.5);
      await set('channelMultipliers', { [boosted.id]: 2 });
      await set('roleMultipliers', { [small.id]: 2, [large.id]: 3 });
      await eventually(
        () => container.client.guilds.cache.get(guild.id)?.members.cache.get(guild.member.id)?.roles.cache.size === 3,
        'the bot to see the roles',
      );
      await guild.as.member.say(boosted.id, 'boost me');
      expect((await rowAfter(guild.member.id, 1)).total_xp).to.equal(10 * 1.5 * 2 * 3);
    });

    it("deletes a leaving member's levels when resetOnLeave is on", async () => {
      await set('resetOnLeave', true);
      await guild.as.member.say(guild.generalChannelId, 'bye soon');
      await rowAfter(guild.member.id, 1);
      await guild.as.member.leaveGuild(guild.id);
      await eventually(async () => (await row(guild.member.id)) === undefined, 'the row to be deleted');
    });

    it('does nothing while the plugin is disabled', async () => {
      await container.guildSettings.disablePlugin(guild.id, levels.name, guild.setupBy);
      await guild.as.member.say(guild.generalChannelId, 'anyone?');
      await guild.as.owner.say(guild.generalChannelId, 'marker');
      await container.levels.repository.flush();
      expect(await row(guild.member.id)).to.equal(undefined);
    });
  });

  describe('level-up announcements', () => {
    beforeEach(async () => {
      await set('xpMin', 100);
      await set('xpMax', 100);
    });

    it('announces in the same channel by default, pinging only the member, and emits levelUp', async () => {
      await set('announceMessage', '@everyone {user} is now level {level} with {xp} XP');
      const events: LevelUpEvent[] = [];
      const listener = (event: LevelUpEvent) => events.push(event);
      container.client.on('levelUp', listener);
      try {
        await guild.as.member.say(guild.generalChannelId, 'level me up');
        const announcement = await h.emu.waitForMessage({ channelId: guild.generalChannelId });
        expect(announcement.content).to.equal(`@everyone <@${guild.member.id}> is now level 1 with 100 XP`);
        const sent = h.emu.core.requests.find(
          (request) => request.method === 'POST' && request.path === `/channels/${guild.generalChannelId}/messages`,
        );
        expect(sent?.body).to.deep.include({ allowed_mentions: { users: [guild.member.id] } });
        expect(events).to.deep.include({
          guildId: guild.id,
          userId: guild.member.id,
          oldLevel: 0,
          newLevel: 1,
          totalXp: 100,
          source: 'message',
        });
      } finally {
        container.client.off('levelUp', listener);
      }
      expect((await rowAfter(guild.member.id, 1)).level).to.equal(1);
    });

    it('announces in the set channel', async () => {
      const levelUps = h.emu.createChannel(guild.id, { name: 'level-ups' });
      await set('announce', 'channel');
      await set('announceChannelId', levelUps.id);
      await guild.as.member.say(guild.generalChannelId, 'level me up');
      const announcement = await h.emu.waitForMessage({ channelId: levelUps.id });
      expect(announcement.content).to.contain('you reached **level 1**');
    });

    it('announces by DM', async () => {
      await set('announce', 'dm');
      await guild.as.member.say(guild.generalChannelId, 'level me up');
      const announcement = await h.emu.waitForMessage({ predicate: (m) => m.content.includes('level 1') });
      expect(h.emu.world.channels.get(announcement.channel_id)?.type).to.equal(ChannelType.DM);
    });

    it('skips the announcement in a channel where the bot may not write, and still records the level', async () => {
      const readOnly = h.emu.createChannel(guild.id, {
        name: 'read-only-for-bots',
        permissionOverwrites: [{ id: h.emu.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }],
      });
      const mark = h.emu.mark();
      await guild.as.member.say(readOnly.id, 'level me up');
      expect((await rowAfter(guild.member.id, 1)).level).to.equal(1);
      expect(h.emu.messagesSince(mark).filter((m) => m.author.id === h.emu.botUserId)).to.deep.equal([]);
      expect(
        h.emu.core.requests.some((r) => r.method === 'POST' && r.path.startsWith(`/channels/${readOnly.id}`)),
      ).to.equal(false);
    });

    it('stays silent when announcements are off, yet records the level', async () => {
      await set('announce', 'off');
      const mark = h.emu.mark();
      await guild.as.member.say(guild.generalChannelId, 'level me up');
      expect((await rowAfter(guild.member.id, 1)).level).to.equal(1);
      expect(h.emu.messagesSince(mark).filter((m) => m.author.id === h.emu.botUserId)).to.deep.equal([]);
    });
  });
});
