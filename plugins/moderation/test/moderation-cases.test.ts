import { resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { onBothDatabases } from '#test/helpers/database';
import { ModerationAction } from '../entities/ModerationLog';
import { CaseRepository } from '../services/CaseRepository';

const plugins = discoverPlugins([resolve(__dirname, '../..')]);
const GUILD = '111111111111111111';

/** The case repository's raw SQL, on both databases the bot runs on. */
function caseRepositoryTests(open: () => Promise<{ dataSource: DataSource; close: () => Promise<void> }>) {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let store: CaseRepository;

  before(async function () {
    this.timeout(120_000);
    ({ dataSource, close } = await open());
    await dataSource.initialize();
    await dataSource.runMigrations();
    store = new CaseRepository(dataSource);
  });

  after(async () => {
    await dataSource.destroy();
    await close();
  });

  it('numbers cases per guild, in order, with text that needs quoting', async () => {
    const reason = 'said "hi", {then} left, \\ and \'quoted\'';
    const [first] = await store.createMany(GUILD, [
      { guildId: GUILD, action: ModerationAction.NOTE, userId: '222', performedBy: '333', reason },
    ]);
    const batch = await store.createMany(
      GUILD,
      [ModerationAction.WARN, ModerationAction.TEMPBAN].map((action) => ({
        guildId: GUILD,
        action,
        userId: '222',
        performedBy: null,
        reason: action,
        expiresAt: action === ModerationAction.TEMPBAN ? new Date(Date.now() - 1000) : null,
      })),
    );
    expect([first!, ...batch].map((row) => [row.caseNumber, row.action])).to.deep.equal([
      [1, 'note'],
      [2, 'warn'],
      [3, 'tempban'],
    ]);
    expect((await store.find(GUILD, 1))!.reason).to.equal(reason);
    expect(await store.find('999', 1)).to.equal(null);
  });

  it('claims a due expiry once, then not again within its lease', async () => {
    const [claimed] = await store.claimDue(GUILD, 10);
    expect(claimed).to.include({ caseNumber: 3, action: ModerationAction.TEMPBAN, userId: '222' });
    expect(await store.claimDue(GUILD, 10)).to.deep.equal([]);
    await store.markExpiriesDone([claimed!.id]);
    expect(await store.guildsWithDueExpiries()).to.deep.equal([]);
  });

  it('counts, lists, settles and keeps the seed ban fields in step', async () => {
    expect(await store.countSince(GUILD, '222', ModerationAction.WARN, new Date(Date.now() - 60_000))).to.equal(1);
    const { cases, total } = await store.ofUser(GUILD, '222', 0, 2);
    expect([total, cases.map((row) => row.caseNumber)]).to.deep.equal([3, [3, 2]]);
    const [timeout] = await store.createMany(GUILD, [
      {
        guildId: GUILD,
        action: ModerationAction.TIMEOUT,
        userId: '222',
        performedBy: '333',
        reason: 'cool off',
        expiresAt: new Date(Date.now() + 60_000),
      },
    ]);
    await store.settleExpiries(GUILD, '222', [ModerationAction.TIMEOUT, ModerationAction.TEMPBAN]);
    expect((await store.findById(timeout!.id))!.expiryDoneAt).to.be.instanceOf(Date);
    expect(await store.futureExpiries()).to.deep.equal([]);

    await store.syncUserBan({ id: '222', username: 'someone' }, { until: null, reason: 'spam' });
    await store.clearUserBans(['222']);
    const [user] = await dataSource.query('SELECT is_banned, ban_reason FROM users WHERE id = 222');
    expect(user).to.deep.equal({ is_banned: false, ban_reason: null });
  });
}

describe('moderation case repository', () => {
  onBothDatabases('modcases', plugins, caseRepositoryTests);
});
