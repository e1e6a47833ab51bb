import { container } from '@sapphire/framework';
import { expect } from 'chai';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import type { ClientEvents } from 'discord.js';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { AchievementType } from '../entities/Achievement';
import { BOARD_BUCKETS } from '../services/AchievementRepository';
import achievements from '../index';

// The kb plugin is switched on by name and driven through its real suggestion buttons, never its files.
const KB = 'kb';

type Unlocked = ClientEvents['achievementUnlocked'][0];
type Rated = ClientEvents['kbAnswerRated'][0];

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('achievements: HELP from knowledge-base answers, and the board against a GROUP BY', function () {
  this.timeout(60_000);
  let h: Harness;
  let guild: TestGuild;
  let unlocked: Unlocked[];
  let rated: Rated[];
  const onUnlock = (event: Unlocked) => unlocked.push(event);
  const onRated = (event: Rated) => rated.push(event);

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['achievements', 'leaderboard', 'kb'], { timeoutMs: 15_000 });
    container.client.on('achievementUnlocked', onUnlock);
    container.client.on('kbAnswerRated', onRated);
  });

  after(() => {
    container.client.off('achievementUnlocked', onUnlock);
    container.client.off('kbAnswerRated', onRated);
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    unlocked = [];
    rated = [];
    await container.guildSettings.enablePlugin(guild.id, achievements.name, guild.setupBy);
  });

  const helpOf = async (userId: string) => (await container.achievements.repository.counters(guild.id, userId)).help;

  describe('HELP from "This helped" on a knowledge-base suggestion', () => {
    let helpChannelId: string;
    let suggestion: APIMessage;

    beforeEach(async () => {
      await container.guildSettings.enablePlugin(guild.id, KB, guild.setupBy);
      helpChannelId = h.emu.createChannel(guild.id, { name: 'help' }).id;
      await container.guildSettings.setPluginSetting(
        guild.id,
        KB,
        'helpChannelIds',
        JSON.stringify([helpChannelId]),
        guild.setupBy,
      );
      // The moderator wrote the entry: they are the one helped answers count for.
      await container.kb.add(
        guild.id,
        { title: 'Printer offline', content: 'Turn it off and on again.', category: 'hardware', tags: ['printer'] },
        guild.moderator.id,
      );
      await guild.as.member.say(helpChannelId, 'why is the printer offline again');
      suggestion = await h.emu.waitForMessage({
        channelId: helpChannelId,
        predicate: (message) => message.content.startsWith('This entry of the knowledge base'),
      });
    });

    const click = async (actor: TestGuild['as']['member'], label: 'This helped' | 'Not helpful') => {
      const before = rated.length;
      const buttons = (suggestion.components![0] as unknown as { components: { custom_id: string; label: string }[] })
        .components;
      const pressed = await actor.clickButton(suggestion, buttons.find((button) => button.label === label)!.custom_id);
      await pressed.reply();
      await eventually(() => rated.length > before, 'kbAnswerRated');
    };

    it("counts a helpful answer for the entry's author, who unlocks Helping Hand; the rater gets nothing", async () => {
      await click(guild.as.member, 'This helped');
      expect(rated.at(-1)).to.include({ userId: guild.member.id, authorId: guild.moderator.id, helpful: true });
      await eventually(async () => (await helpOf(guild.moderator.id)) === 1, "the author's HELP");
      await eventually(() => unlocked.some((event) => event.userId === guild.moderator.id), 'an unlock');
      expect(unlocked.filter((event) => event.guildId === guild.id)).to.deep.equal([
        {
          guildId: guild.id,
          userId: guild.moderator.id,
          achievementId: unlocked[0]!.achievementId,
          name: 'Helping Hand',
          type: AchievementType.HELP,
          reward: 50,
          via: 'event',
        },
      ]);
      expect(await helpOf(guild.member.id)).to.equal(0);
    });

    it('counts nothing more for a second click, a change of mind, "Not helpful", or rating your own entry', async () => {
      await click(guild.as.member, 'This helped');
      await eventually(async () => (await helpOf(guild.moderator.id)) === 1, "the author's HELP");
      await click(guild.as.member, 'This helped'); // twice
      await click(guild.as.member, 'Not helpful'); // changed their mind…
      await click(guild.as.member, 'This helped'); // …and back: still the same member and entry
      await click(guild.as.moderator, 'This helped'); // the author on their own entry
      await click(guild.as.owner, 'Not helpful');
      await settle();
      expect(await helpOf(guild.moderator.id)).to.equal(1);
      expect(await helpOf(guild.owner.id)).to.equal(0);

      // Another member's helpful click does count: the first one was once per rater, not once per entry.
      await click(guild.as.owner, 'This helped');
      await eventually(async () => (await helpOf(guild.moderator.id)) === 2, 'a second rater counted');
      await settle();
      expect(await helpOf(guild.moderator.id)).to.equal(2);
      expect(unlocked.filter((event) => event.name === 'Helping Hand')).to.have.length(1);
    });

    it('counts once when the same member clicks "This helped" several times at once', async () => {
      const buttons = (suggestion.components![0] as unknown as { components: { custom_id: string; label: string }[] })
        .components;
      const helped = buttons.find((button) => button.label === 'This helped')!.custom_id;
      await Promise.all(
        Array.from({ length: 5 }, async () => (await guild.as.member.clickButton(suggestion, helped)).reply()),
      );
      await eventually(() => rated.length === 5, 'five kbAnswerRated events');
      await eventually(async () => (await helpOf(guild.moderator.id)) === 1, "the author's HELP");
      await settle();
      expect(await helpOf(guild.moderator.id)).to.equal(1);
      expect(unlocked.filter((event) => event.name === 'Helping Hand')).to.have.length(1);
    });

    it('counts nothing while achievements is disabled', async () => {
      await container.guildSettings.disablePlugin(guild.id, achievements.name, guild.setupBy);
      await click(guild.as.member, 'This helped');
      await settle();
      expect(await helpOf(guild.moderator.id)).to.equal(0);
    });
  });

  describe('the board', () => {
    /**
     * Members created with chosen ids: groups of ids 251 apart share a bucket (the board's first tie-break), so ties
     * inside one bucket are exercised too. Ids far above the emulator's own, so they never collide.
     */
    function makeMembers(): APIUser[] {
      const base = 1_900_000_000_000_000_000n + BigInt(guild.id.slice(-6)) * 10_000n;
      const offsets = [0, 1, 2].flatMap((lane) => [0, 1, 2, 3].map((k) => BigInt(lane + k * BOARD_BUCKETS)));
      return offsets.map((offset, index) => {
        const user = h.emu.createUser({ username: `b${index}-${guild.id.slice(-4)}`, id: String(base + offset) });
        h.emu.addMember(guild.id, user.id);
        return user;
      });
    }

    /** The board as a GROUP BY over the unlocks says it is, in the board's order. */
    const expected = async () =>
      (
        await container.database.query<{ user_id: string; earned: number }[]>(
          `SELECT user_id::text AS user_id, count(*)::int AS earned FROM achievement_unlock WHERE guild_id = $1
           GROUP BY user_id ORDER BY count(*) DESC, user_id % ${BOARD_BUCKETS} DESC, user_id DESC`,
          [guild.id],
        )
      ).map((row) => ({ userId: row.user_id, earned: row.earned }));

    async function expectBoardMatches(everyone: readonly string[]) {
      const { repository } = container.achievements;
      const want = await expected();
      expect(await repository.boardSize(guild.id)).to.equal(want.length);
      expect(await repository.boardPage(guild.id, 0, 100)).to.deep.equal(want);
      const paged = [];
      for (let offset = 0; offset < want.length + 3; offset += 3) {
        paged.push(...(await repository.boardPage(guild.id, offset, 3)));
      }
      expect(paged).to.deep.equal(want);
      for (const userId of everyone) {
        const place = want.findIndex((entry) => entry.userId === userId);
        expect(await repository.rankOf(guild.id, userId), `rank of ${userId}`).to.equal(
          place === -1 ? null : place + 1,
        );
      }
    }

    it('ranks and pages exactly as a GROUP BY of the unlocks, through unlocks, revokes and deletions, ties included', async () => {
      const service = container.achievements;
      const members = makeMembers();
      const everyone = [...members.map((member) => member.id), guild.member.id, guild.moderator.id];
      for (const name of ['Star', 'Comet', 'Moon']) {
        await service.create(guild.id, { name, description: name, type: AchievementType.SPECIAL }, null);
      }
      // Counts 0 to 4 spread so that most members tie with others, some in the same bucket.
      const special = ['Legend', 'Star', 'Comet', 'Moon'];
      for (const [index, member] of members.entries()) {
        for (const name of special.slice(0, index % 5)) {
          await service.grant(guild.id, name, member.id, guild.owner.id, null);
        }
      }
      // Counted unlocks too (one statement may unlock for several members at once elsewhere; here one by one).
      await service.count(guild.id, guild.moderator.id, AchievementType.MODERATION);
      await service.count(guild.id, members[0]!.id, AchievementType.HELP);
      await expectBoardMatches(everyone);

      // Revokes, by an admin's command and through the service; one member leaves the board altogether.
      const revoked = await guild.slash(guild.as.owner, 'achievements', 'revoke', {
        member: members[3]!.id,
        achievement: 'Legend',
      });
      expect(revoked.text).to.match(/^Took 🌟 \*\*Legend\*\*/);
      await service.revoke(guild.id, 'Star', members[4]!.id);
      await service.revoke(guild.id, 'Legend', members[1]!.id);
      await expectBoardMatches(everyone);

      // Deleting an achievement takes it from every holder at once.
      const deleted = await guild.slash(guild.as.owner, 'achievements', 'delete', { achievement: 'Star' });
      expect(deleted.text).to.match(/^Deleted/);
      await expectBoardMatches(everyone);

      // Concurrent grants and revokes of different members leave the histogram exact.
      await Promise.all(
        members.map((member, index) =>
          index % 2 === 0
            ? service.grant(guild.id, 'Moon', member.id, guild.owner.id, null).catch(() => undefined)
            : service.revoke(guild.id, 'Legend', member.id).catch(() => undefined),
        ),
      );
      await expectBoardMatches(everyone);
      const [{ drift }] = await container.database.query<{ drift: number }[]>(
        `SELECT count(*)::int AS drift FROM (
           SELECT earned, user_id % ${BOARD_BUCKETS} AS bucket, count(*)::int AS members FROM achievement_member
           WHERE guild_id = $1 AND earned > 0 GROUP BY 1, 2) actual
         FULL JOIN (SELECT earned, bucket, members FROM achievement_board_bucket WHERE guild_id = $1 AND members > 0) kept
           USING (earned, bucket)
         WHERE actual.members IS DISTINCT FROM kept.members`,
        [guild.id],
      );
      expect(drift).to.equal(0);

      // What /leaderboard shows: the first page in that order, and the viewer's own rank.
      const want = await expected();
      const viewer = members.find((member) => want.some((entry) => entry.userId === member.id))!;
      const board = await guild.slash(h.emu.actor(viewer.id), 'leaderboard', 'achievements');
      const shown = [...board.text.matchAll(/\*\*(\d+)\.\*\* <@(\d+)>/g)].map((match) => match[2]);
      expect(shown).to.deep.equal(want.slice(0, 10).map((entry) => entry.userId));
      const place = want.findIndex((entry) => entry.userId === viewer.id) + 1;
      expect(board.text).to.include(`Your rank\n#${place}`);
    });
  });
});
