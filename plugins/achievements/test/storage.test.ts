import 'reflect-metadata';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { onBothDatabases } from '#test/helpers/database';
import { eventually } from '#test/helpers/wait';
import { AchievementType } from '../entities/Achievement';
import { AchievementRepository, isUniqueViolation, REQUIREMENTS_LOCK } from '../services/AchievementRepository';
import { AchievementsService, type AchievementsDeps } from '../services/AchievementsService';
import { DEFAULT_ACHIEVEMENTS } from '../services/defaults';

const plugins = discoverPlugins([resolve(__dirname, '../..')]).filter((plugin) => plugin.name === 'achievements');
const GUILD = '1500000000000000101';
const OTHER_GUILD = '1500000000000000102';
const user = (index: number) => String(1600000000000000000n + BigInt(index));

/** The same storage checks on PostgreSQL and on embedded PGlite. */
function storageTests(open: () => Promise<{ dataSource: DataSource; close: () => Promise<void> }>) {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let repository: AchievementRepository;

  before(async () => {
    ({ dataSource, close } = await open());
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    repository = new AchievementRepository(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await close?.();
  });

  it('seeds the default set once, with its badges, in many guilds at once; a deleted default stays deleted', async () => {
    const defaultBadges = (guildId: string) =>
      dataSource.query<unknown[]>(
        `SELECT b.id FROM badge b JOIN achievement a ON a.id = b.achievement_id AND a.guild_id = b.guild_id
         WHERE b.guild_id = $1 AND a.name = b.name AND a.icon = b.icon AND b.source = 'ACHIEVEMENT'`,
        [guildId],
      );
    expect(await repository.ensureDefaults([GUILD, GUILD])).to.deep.equal([GUILD]);
    expect(await repository.list(GUILD)).to.have.length(DEFAULT_ACHIEVEMENTS.length);
    expect(await defaultBadges(GUILD)).to.have.length(DEFAULT_ACHIEVEMENTS.length);
    const wordsmith = (await repository.findByName(GUILD, 'WORDSMITH'))!;
    expect(await repository.remove(GUILD, wordsmith.id)).to.equal(0);
    expect(await repository.ensureDefaults([GUILD, OTHER_GUILD])).to.deep.equal([OTHER_GUILD]);
    expect(await defaultBadges(OTHER_GUILD)).to.have.length(DEFAULT_ACHIEVEMENTS.length);
    expect(await repository.findByName(GUILD, 'Wordsmith')).to.equal(null);
  });

  it('refuses a second name that differs only in case', async () => {
    let failure: unknown;
    await repository
      .create(GUILD, { ...DEFAULT_ACHIEVEMENTS[0]!, name: 'chatterbox' }, false)
      .catch((error: unknown) => (failure = error));
    expect(isUniqueViolation(failure)).to.equal(true);
  });

  it('counts a keyed event once, and unlocks once however many statements race', async () => {
    expect(await repository.bump(GUILD, user(1), AchievementType.MODERATION, 'case-1')).to.equal(1);
    expect(await repository.bump(GUILD, user(1), AchievementType.MODERATION, 'case-1')).to.equal(null);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        repository.unlockReached(AchievementType.MODERATION, [{ guildId: GUILD, userId: user(1) }]),
      ),
    );
    const unlocks = results.flat();
    expect(unlocks.map((unlock) => unlock.achievement.name)).to.deep.equal(['Peacekeeper']);
    expect(unlocks[0]!.badge).to.include({ name: 'Peacekeeper', icon: '🛡️' });
    expect(await repository.counters(GUILD, user(1))).to.include({ moderation: 1, earned: 1 });
    expect((await repository.badgesOf(GUILD, user(1))).map((badge) => badge.name)).to.deep.equal(['Peacekeeper']);
  });

  it('stores message counts as given and unlocks what they reach, in batches of members', async () => {
    // One flush covers several guilds: one statement each for the counts and the unlocks.
    const counts = [
      { guildId: GUILD, userId: user(2), count: 150 },
      { guildId: GUILD, userId: user(3), count: 20 },
      { guildId: OTHER_GUILD, userId: user(3), count: 120 },
    ];
    const unlocks = await repository.storeMessageCounts(counts);
    expect(
      unlocks.map((unlock) => [unlock.achievement.guildId, unlock.userId, unlock.achievement.name]).sort(),
    ).to.deep.equal([
      [GUILD, user(2), 'Chatterbox'],
      [OTHER_GUILD, user(3), 'Chatterbox'],
    ]);
    await repository.storeMessageCounts([{ guildId: GUILD, userId: user(3), count: 5 }]);
    expect(await repository.counters(GUILD, user(3))).to.include({ messages: 5 });
    expect(await repository.membersReaching(GUILD, AchievementType.MESSAGES, 100, '0', 10)).to.deep.equal([user(2)]);
  });

  it('unlocks a message achievement when a count crosses it, once, even when the count falls and crosses again', async () => {
    const store = (count: number) =>
      repository
        .storeMessageCounts([{ guildId: OTHER_GUILD, userId: user(20), count }])
        .then((unlocks) => unlocks.map((unlock) => unlock.achievement.name));
    expect(await store(99)).to.deep.equal([]);
    expect(await store(100)).to.deep.equal(['Chatterbox']);
    expect(await store(120)).to.deep.equal([]);
    // An admin reset the member's levels: the count starts again from 0.
    expect(await store(0)).to.deep.equal([]);
    expect(await store(150)).to.deep.equal([]);
    expect(await repository.counters(OTHER_GUILD, user(20))).to.include({ messages: 150, earned: 1 });
    // Crossing several at once unlocks each.
    const crossed = await repository.storeMessageCounts([{ guildId: OTHER_GUILD, userId: user(22), count: 1000 }]);
    expect(crossed.map((unlock) => unlock.achievement.name).sort()).to.deep.equal(['Chatterbox', 'Wordsmith']);
  });

  it('a batch in flight while a requirement is lowered sees the lowered one', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await repository.storeMessageCounts([{ guildId: OTHER_GUILD, userId: user(21), count: 20 }]);
    const chatterbox = (await repository.findByName(OTHER_GUILD, 'Chatterbox'))!;
    await runner.startTransaction();
    try {
      // What `update` does, held open: the batch below waits for it instead of reading the old requirement.
      await runner.query('SELECT pg_advisory_xact_lock($1, $2)', REQUIREMENTS_LOCK);
      await runner.query('UPDATE achievement SET requirement = 30 WHERE id = $1', [chatterbox.id]);
      const batch = repository.storeMessageCounts([{ guildId: OTHER_GUILD, userId: user(21), count: 50 }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await runner.commitTransaction();
      expect((await batch).map((unlock) => unlock.achievement.name)).to.deep.equal(['Chatterbox']);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('grants and revokes by hand, once each', async () => {
    const legend = (await repository.findByName(GUILD, 'legend'))!;
    expect(await repository.grant(GUILD, legend.id, user(4), user(9))).to.not.equal(null);
    expect(await repository.grant(GUILD, legend.id, user(4), user(9))).to.equal(null);
    expect(await repository.revoke(GUILD, legend.id, user(4))).to.equal(true);
    expect(await repository.revoke(GUILD, legend.id, user(4))).to.equal(false);
    expect(await repository.counters(GUILD, user(4))).to.include({ earned: 0 });
    expect(await repository.badgesOf(GUILD, user(4))).to.deep.equal([]);
  });

  it('keeps item badges in line with the BADGE items owned', async () => {
    const items = [
      { id: 7, name: 'Gold Star' },
      { id: 8, name: 'Silver Star' },
    ];
    expect((await repository.syncItemBadges(GUILD, user(5), items, '🏷️')).map((b) => b.name)).to.deep.equal([
      'Gold Star',
      'Silver Star',
    ]);
    expect(await repository.syncItemBadges(GUILD, user(5), items, '🏷️')).to.deep.equal([]);
    await repository.syncItemBadges(GUILD, user(5), [items[1]!], '🏷️');
    expect((await repository.badgesOf(GUILD, user(5))).map((badge) => badge.name)).to.deep.equal(['Silver Star']);
  });

  it('ranks the board by achievements earned, and forgets a ticket claim once taken', async () => {
    const legend = (await repository.findByName(GUILD, 'Legend'))!;
    await repository.grant(GUILD, legend.id, user(1), user(9));
    expect(await repository.boardSize(GUILD)).to.equal(2);
    expect(await repository.boardPage(GUILD, 0, 10)).to.deep.equal([
      { userId: user(1), earned: 2 },
      { userId: user(2), earned: 1 },
    ]);
    expect(await repository.rankOf(GUILD, user(2))).to.equal(2);
    expect(await repository.rankOf(GUILD, user(3))).to.equal(null);
    expect(await repository.remove(GUILD, legend.id)).to.equal(1);
    // A tie: the higher bucket (user id % 251), then the higher user id first, so pages never overlap.
    expect(await repository.boardPage(GUILD, 0, 10)).to.deep.equal([
      { userId: user(2), earned: 1 },
      { userId: user(1), earned: 1 },
    ]);
    expect(await repository.rankOf(GUILD, user(1))).to.equal(2);

    await repository.recordClaim(GUILD, 42, user(6));
    await repository.recordClaim(GUILD, 42, user(7));
    expect(await repository.takeClaim(GUILD, 42)).to.equal(user(7));
    expect(await repository.takeClaim(GUILD, 42)).to.equal(null);
  });

  it('keeps the latest message count of each member when flushes follow each other fast, and when one fails', async () => {
    // Counts stay under every MESSAGES requirement: no unlock, so nothing is announced (the service's other
    // dependencies are not reached).
    let failNext = false;
    const flaky = Object.create(repository) as AchievementRepository;
    flaky.storeMessageCounts = async (members) => {
      if (failNext) {
        failNext = false;
        throw new Error('the database is restarting');
      }
      return repository.storeMessageCounts(members);
    };
    const service = new AchievementsService({ repository: flaky } as unknown as AchievementsDeps);
    const members = Array.from({ length: 2000 }, (_, index) => user(1000 + index));
    const flush = (count: number) =>
      service.recordMessageCounts(
        GUILD,
        members.map((userId) => ({ userId, messageCount: count, channelId: null })),
      );
    const stored = async () => {
      const rows = await dataSource.query<{ messages: number; members: string }[]>(
        `SELECT messages, count(*) AS members FROM achievement_member
         WHERE guild_id = $1 AND user_id = ANY($2::bigint[]) GROUP BY messages ORDER BY messages`,
        [GUILD, members],
      );
      return rows.map((row) => [row.messages, Number(row.members)]);
    };
    // A levels flush a tick, each count written absolute: an older batch must never land after a newer one.
    const flushes: Promise<unknown>[] = [];
    for (let count = 1; count <= 30; count += 1) {
      flushes.push(flush(count));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(flushes);
    expect(await stored()).to.deep.equal([[30, members.length]]);

    // A batch that fails is written again a second later; a newer count that came meanwhile is kept.
    failNext = true;
    const failed = flush(40).catch((error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const newer = service.recordMessageCounts(GUILD, [{ userId: members[0]!, messageCount: 41, channelId: null }]);
    expect(await failed).to.equal('the database is restarting');
    await newer;
    const expected = JSON.stringify([
      [40, members.length - 1],
      [41, 1],
    ]);
    await eventually(async () => JSON.stringify(await stored()) === expected, 'the failed batch written again');
  });
}

describe('achievements storage', function () {
  this.timeout(120_000);

  onBothDatabases('achievements', plugins, storageTests);
});
