import 'reflect-metadata';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource } from '#core/database/dataSource';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { createTestDatabase, type TestDatabase } from '#test/helpers/database';
import { EconomyService } from '../services/EconomyService';
import { economySettings } from '../settings';

const GUILD = '1300000000000000100';
const ALICE = '1300000000000000201';
const BOB = '1300000000000000202';

describe('economy service on PostgreSQL', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let dataSource: DataSource;
  let economy: EconomyService;

  before(async () => {
    database = await createTestDatabase('economy');
    dataSource = createDataSource({
      databaseUrl: database.url,
      dataDir: 'unused',
      plugins: discoverPlugins([resolve(__dirname, '../..')]),
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const settings = economySettings.parse({ startingBalance: 100, maxBalance: 10_000 });
    economy = new EconomyService(dataSource, { settings: async () => settings });
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const ledger = async (userId: string) => {
    const rows: { type: string; amount: string; description: string | null }[] = await dataSource.query(
      `SELECT t.type, t.amount, t.description FROM economy_transaction t JOIN economy e ON e.id = t.economy_id
       WHERE e.guild_id = $1 AND e.user_id = $2 ORDER BY t.id`,
      [GUILD, userId],
    );
    return rows.map((row) => [row.type, Number(row.amount), row.description]);
  };

  it('credits, debits and reports balances for other plugins, with REWARD ledger rows', async () => {
    expect(await economy.balance(GUILD, ALICE)).to.deep.equal({ wallet: 100, bank: 0, total: 100 });
    await economy.credit(GUILD, ALICE, 50, { description: 'Level 5 reached' });
    await economy.debit(GUILD, ALICE, 30, { description: 'Lottery ticket' });
    expect(await economy.balance(GUILD, ALICE)).to.deep.equal({ wallet: 120, bank: 0, total: 120 });
    expect(await ledger(ALICE)).to.deep.equal([
      ['REWARD', 100, 'Starting balance'],
      ['REWARD', 50, 'Level 5 reached'],
      ['PURCHASE', -30, 'Lottery ticket'],
    ]);
  });

  it('opens an account once: looking it up again does not advance the id sequence', async () => {
    const sequence = async () =>
      ((await dataSource.query(`SELECT last_value FROM economy_id_seq`)) as { last_value: string }[])[0]!.last_value;
    await economy.balance(GUILD, ALICE);
    const before = await sequence();
    for (let index = 0; index < 5; index++) await economy.balance(GUILD, ALICE);
    expect(await sequence()).to.equal(before);
  });

  it('refuses an overdraft and a credit past the maximum, changing nothing', async () => {
    let failure: unknown;
    await economy.debit(GUILD, BOB, 101).catch((error: unknown) => (failure = error));
    expect(String((failure as Error).message)).to.match(/only holds 🪙 100/);
    failure = undefined;
    await economy.credit(GUILD, BOB, 9_901).catch((error: unknown) => (failure = error));
    expect(String((failure as Error).message)).to.match(/past the maximum of 🪙 10,000/);
    expect(await economy.balance(GUILD, BOB)).to.deep.equal({ wallet: 100, bank: 0, total: 100 });
    for (const invalid of [1.5, -5, 0]) {
      failure = undefined;
      await economy.credit(GUILD, BOB, invalid).catch((error: unknown) => (failure = error));
      expect(failure, `credit of ${invalid}`).to.be.instanceOf(RangeError);
    }
  });

  it('transfers between members with a TRANSFER row on each side', async () => {
    const { fromBalance, toBalance } = await economy.transfer(GUILD, ALICE, BOB, { kind: 'exact', value: 20 }, 'rent');
    expect([fromBalance, toBalance]).to.deep.equal([100, 120]);
    expect((await ledger(BOB)).at(-1)).to.deep.equal(['TRANSFER', 20, 'rent']);
  });

  it('the database refuses a ledger row that would create money from a sink or destroy it from a source', async () => {
    const [account] = (await dataSource.query(`SELECT id FROM economy WHERE guild_id = $1 LIMIT 1`, [GUILD])) as {
      id: number;
    }[];
    for (const [type, amount] of [
      ['PURCHASE', 10],
      ['DAILY', -10],
      ['SALE', -1],
    ] as const) {
      let failure: unknown;
      await dataSource
        .query(`INSERT INTO economy_transaction (guild_id, economy_id, type, amount) VALUES ($1, $2, $3, $4)`, [
          GUILD,
          account!.id,
          type,
          amount,
        ])
        .catch((error: unknown) => (failure = error));
      expect(String(failure), `${type} ${amount}`).to.match(/economy_transaction_direction/);
    }
  });

  it('the database itself refuses negative or oversized balances (CHECK constraints)', async () => {
    for (const sql of [
      `UPDATE economy SET balance = -1 WHERE guild_id = ${GUILD}`,
      `UPDATE economy SET bank = 1000000000000001 WHERE guild_id = ${GUILD}`,
    ]) {
      let failure: unknown;
      await dataSource.query(sql).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/economy_(balance|bank)_range/);
    }
  });

  it('ranks and pages from the histogram agree with counting every member, through payments, bank moves and removals', async () => {
    const guild = '1300000000000000900';
    const members = Array.from({ length: 60 }, (_, index) => String(1300000000000001000n + BigInt(index)));
    // Ties on purpose (equal totals, ordered by user id), zero balances (off the board) and amounts spread wide.
    for (const [index, userId] of members.entries()) {
      await economy.account(guild, userId);
      const target = index % 7 === 0 ? 0 : index % 5 === 0 ? 250 : (index * 7919) % 9000;
      if (target > 100) await economy.credit(guild, userId, target - 100);
      else if (target < 100) await economy.debit(guild, userId, 100 - target);
    }
    for (let step = 0; step < 40; step++) {
      const from = members[(step * 13) % members.length]!;
      const to = members[(step * 29 + 1) % members.length]!;
      if (from !== to)
        await economy.transfer(guild, from, to, { kind: 'exact', value: 1 + step * 3 }).catch(() => undefined);
      if (step % 4 === 0) await economy.deposit(guild, from, { kind: 'half' }).catch(() => undefined);
    }
    await dataSource.query('DELETE FROM economy WHERE guild_id = $1 AND user_id = $2', [guild, members[3]]);

    for (const sort of ['wallet', 'bank', 'total'] as const) {
      const value = { wallet: 'balance', bank: 'bank', total: '(balance + bank)' }[sort];
      const expected: { user_id: string }[] = await dataSource.query(
        `SELECT user_id::text FROM economy WHERE guild_id = $1 AND ${value} > 0 ORDER BY ${value} DESC, user_id`,
        [guild],
      );
      const ranks = await Promise.all(members.map((userId) => economy.rankOf(guild, sort, userId)));
      const expectedRanks = members.map((userId) => {
        const place = expected.findIndex((row) => row.user_id === userId);
        return place < 0 ? null : place + 1;
      });
      expect(ranks, sort).to.deep.equal(expectedRanks);
      const pages = [];
      for (let offset = 0; offset < expected.length + 7; offset += 7) {
        const page = await economy.board(guild, sort, offset, 7);
        expect(page.total, sort).to.equal(expected.length);
        pages.push(...page.entries.map((entry) => entry.userId));
      }
      expect(pages, sort).to.deep.equal(expected.map((row) => row.user_id));
    }
    const { account, rank } = await economy.accountWithRank(guild, members[10]!, 'total');
    expect(rank).to.equal(await economy.rankOf(guild, 'total', members[10]!));
    expect(account.userId).to.equal(members[10]);
  });
});
