import 'reflect-metadata';
import { resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { onBothDatabases, type OpenedDatabase } from '#test/helpers/database';
import levels from '../index';
import { LevelRepository, type LevelChange, type MessageActivity } from '../services/LevelRepository';
import { levelsSettings } from '../settings';
import { progressOf } from '../services/curves';

const curve = levelsSettings.parse({});
const GUILDS = ['1500000000000000001', '1500000000000000002', '1500000000000000003'];
const userId = (index: number) => String(1600000000000000000n + BigInt(index));

const plugins = discoverPlugins([resolve(__dirname, '../..')]).filter((p) => p.name === levels.name);

describe('levels repository', function () {
  this.timeout(60_000);
  onBothDatabases('levels', plugins, repositoryTests);
});

/** The same checks on PostgreSQL and on embedded PGlite. */
function repositoryTests(open: () => Promise<OpenedDatabase>) {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let changes: LevelChange[];
  let store: LevelRepository;

  before(async () => {
    ({ dataSource, close } = await open());
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  after(async () => {
    await dataSource?.destroy();
    await close?.();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM level');
    changes = [];
    store = new LevelRepository(dataSource, (change) => changes.push(change));
  });

  const activity = (guildId: string, user: string, at: number, xp = 20): MessageActivity => ({
    guildId,
    userId: user,
    channelId: '1700000000000000001',
    at,
    xp,
    cooldownMs: 60_000,
    curve,
  });

  it('names, member by member, what a flush has not written yet (what a shutdown that cannot write would lose)', async () => {
    expect(store.pendingSummary()).to.equal(undefined);
    const now = Date.now();
    store.record(activity(GUILDS[0], userId(1), now, 20));
    store.record(activity(GUILDS[0], userId(1), now + 1_000, 20)); // on cooldown: a message, no XP
    store.record(activity(GUILDS[1], userId(2), now, 15));
    expect(store.pendingSummary()).to.equal(
      `2 member(s) with 35 XP and 3 message(s) not written (${GUILDS[0]}/${userId(1)} +20 XP +2 msg, ${GUILDS[1]}/${userId(2)} +15 XP +1 msg)`,
    );
    await store.flush();
    expect(store.pendingSummary()).to.equal(undefined);
  });

  async function sums() {
    const [row] = await dataSource.query<{ messages: string; xp: string; rows: string }[]>(
      'SELECT sum(message_count) AS messages, sum(total_xp) AS xp, count(*) AS rows FROM level',
    );
    return { messages: Number(row.messages), xp: Number(row.xp), rows: Number(row.rows) };
  }

  it('writes every message of many members in batches, without reading their rows first', async () => {
    const start = Date.now();
    for (let index = 0; index < 6000; index += 1) {
      // 1,500 members, 4 messages each, 1 s apart: only the first earns XP (60 s cooldown).
      const member = index % 1500;
      store.record(activity(GUILDS[member % 3], userId(member), start + Math.floor(index / 1500) * 1000));
    }
    await store.flush();
    expect(await sums()).to.deep.equal({ messages: 6000, xp: 1500 * 20, rows: 1500 });
  });

  it('under steady chat writes XP at once and leaves a message count without XP to a later flush', async () => {
    const now = Date.now();
    store.record(activity(GUILDS[2], userId(4), now));
    store.record(activity(GUILDS[2], userId(5), now));
    await store.flush();
    store.record(activity(GUILDS[2], userId(4), now + 1_000)); // on cooldown: a message, no XP
    store.record(activity(GUILDS[2], userId(5), now + 61_000)); // earns XP again
    await store.flush({ coalesceCounts: true });
    expect(await sums()).to.deep.equal({ messages: 3, xp: 60, rows: 2 });
    expect(store.pendingSummary()).to.equal(
      `1 member(s) with 0 XP and 1 message(s) not written (${GUILDS[2]}/${userId(4)} +0 XP +1 msg)`,
    );
    // Still counted as unflushed, so chat going quiet flushes it rather than leaving it for its interval.
    expect(store.unflushedMessages).to.equal(1);
    // Any flush that does not coalesce (chat gone quiet, a board read, shutdown) writes it.
    await store.flush();
    expect(await sums()).to.deep.equal({ messages: 4, xp: 60, rows: 2 });
  });

  it('adds to rows that exist and reports level-ups against the stored total', async () => {
    await dataSource.query(
      'INSERT INTO level (guild_id, user_id, level, xp, total_xp, message_count) VALUES ($1, $2, 0, 90, 90, 7)',
      [GUILDS[0], userId(1)],
    );
    store.record(activity(GUILDS[0], userId(1), Date.now()));
    await store.flush();
    expect(changes).to.deep.equal([
      {
        guildId: GUILDS[0],
        userId: userId(1),
        channelId: '1700000000000000001',
        oldLevel: 0,
        newLevel: 1,
        totalXp: 110,
      },
    ]);
    const [row] = await dataSource.query('SELECT level, xp, total_xp, message_count FROM level');
    expect(row).to.deep.equal({ level: 1, xp: 10, total_xp: 110, message_count: 8 });
  });

  it("reports a new member's level-up after the write that created their row, from what it wrote", async () => {
    store.record(activity(GUILDS[1], userId(9), Date.now(), 120));
    expect(changes).to.deep.equal([]);
    await store.flush();
    expect(changes).to.deep.equal([
      {
        guildId: GUILDS[1],
        userId: userId(9),
        channelId: '1700000000000000001',
        oldLevel: 0,
        newLevel: 1,
        totalXp: 120,
      },
    ]);
    // The entry now knows its stored total: the next XP counts on top of it, with no second report for level 1.
    store.record(activity(GUILDS[1], userId(9), Date.now() + 61_000, 20));
    await store.flush();
    expect(changes).to.have.length(1);
    expect(await store.stats(GUILDS[1], userId(9))).to.deep.equal({ totalXp: 140, messageCount: 2 });
  });

  it('stores the level and progress of the summed total as the curve computes them, on every curve', async () => {
    const curves = [
      curve,
      levelsSettings.parse({ curve: 'linear', linearXpPerLevel: 1 }),
      levelsSettings.parse({ curve: 'quadratic', quadraticA: 10_000, quadraticB: 100_000, quadraticC: 1_000_000 }),
    ];
    // Totals on, just under and just over thresholds, the top level, and the largest total a row can hold.
    const stored = [0, 99, 100, 4674, 4675, 999, 1000, 1001, 1_688_700_000, 2_147_483_600];
    let member = 0;
    const expected = new Map<string, { level: number; xp: number; total_xp: number }>();
    for (const [index, settings] of curves.entries()) {
      for (const total of stored) {
        member += 1;
        await dataSource.query('INSERT INTO level (guild_id, user_id, total_xp) VALUES ($1, $2, $3)', [
          GUILDS[index],
          userId(member),
          total,
        ]);
        // Each member's message adds 20 XP to what is stored (capped at the largest total a row holds).
        store.record({ ...activity(GUILDS[index], userId(member), Date.now()), curve: settings });
        const summed = Math.min(total + 20, 2_147_483_647);
        const progress = progressOf(settings, summed);
        expected.set(userId(member), { level: progress.level, xp: progress.xpIntoLevel, total_xp: summed });
      }
      // A member new to the guild, inserted by the flush.
      member += 1;
      store.record({ ...activity(GUILDS[index], userId(member), Date.now()), curve: settings });
      expected.set(userId(member), {
        level: progressOf(settings, 20).level,
        xp: progressOf(settings, 20).xpIntoLevel,
        total_xp: 20,
      });
    }
    await store.flush();
    const rows = await dataSource.query<{ user_id: string; level: number; xp: number; total_xp: number }[]>(
      'SELECT user_id::text, level, xp, total_xp FROM level',
    );
    expect(new Map(rows.map(({ user_id, ...row }) => [user_id, row]))).to.deep.equal(expected);
  });

  it('keeps counters pending when a flush fails, and writes them with the next one', async () => {
    store.record(activity(GUILDS[0], userId(2), Date.now()));
    await store.flush();
    store.record(activity(GUILDS[0], userId(2), Date.now() + 61_000));
    await dataSource.query('ALTER TABLE level RENAME TO level_away');
    try {
      let failed = false;
      await store.flush().catch(() => (failed = true));
      expect(failed).to.equal(true);
    } finally {
      await dataSource.query('ALTER TABLE level_away RENAME TO level');
    }
    await store.flush();
    expect(await sums()).to.deep.equal({ messages: 2, xp: 40, rows: 1 });
  });

  it('folds unflushed XP into an admin change: set replaces it, add adds to it', async () => {
    store.record(activity(GUILDS[1], userId(3), Date.now()));
    expect(await store.changeXp(GUILDS[1], userId(3), { add: 5 }, curve)).to.include({ totalXp: 25 });
    store.record(activity(GUILDS[1], userId(3), Date.now() + 61_000));
    expect(await store.changeXp(GUILDS[1], userId(3), { set: 0 }, curve)).to.include({ totalXp: 0 });
    await store.flush();
    expect(await sums()).to.deep.equal({ messages: 2, xp: 0, rows: 1 });
  });

  it('ranks and pages from the histogram agree with counting every member, through flushes, XP changes and resets', async () => {
    const guild = GUILDS[1];
    const at = Date.now() - 10 * 60_000;
    // Many members with one message each (ties broken by user id), some with more, some set by admins.
    for (let member = 0; member < 50; member += 1) {
      for (let message = 0; message <= member % 4; message += 1) {
        store.record(activity(guild, userId(member), at + message * 61_000, 15 + (member % 9)));
      }
    }
    await store.flush();
    for (let member = 0; member < 50; member += 6) {
      await store.changeXp(guild, userId(member), { set: member * 1000 }, curve);
    }
    await store.changeXp(guild, userId(7), { add: 12_345 }, curve);
    await store.resetMember(guild, userId(11));

    for (const sort of ['xp', 'messages'] as const) {
      const column = sort === 'xp' ? 'total_xp' : 'message_count';
      const expected = await dataSource.query<{ user_id: string }[]>(
        `SELECT user_id::text FROM level WHERE guild_id = $1 AND ${column} > 0 ORDER BY ${column} DESC, user_id`,
        [guild],
      );
      for (let member = 0; member < 50; member += 1) {
        const place = expected.findIndex((row) => row.user_id === userId(member));
        expect(await store.rankOf(guild, userId(member), sort), `${sort} ${member}`).to.equal(
          place < 0 ? null : place + 1,
        );
      }
      const listed: string[] = [];
      for (let offset = 0; offset < expected.length + 9; offset += 9) {
        const page = await store.board(guild, sort, offset, 9);
        expect(page.total, sort).to.equal(expected.length);
        listed.push(...page.entries.map((entry) => String(entry.userId)));
      }
      expect(listed, sort).to.deep.equal(expected.map((row) => row.user_id));
    }
    await store.resetGuild(guild);
    const [left] = await dataSource.query<{ members: number }[]>(
      'SELECT COALESCE(sum(members), 0)::int AS members FROM level_rank_bucket WHERE guild_id = $1',
      [guild],
    );
    expect(left!.members).to.equal(0);
  });
}
