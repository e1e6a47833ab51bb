import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource } from '#core/database/dataSource';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { AuditRepository, type AuditRow } from '../services/AuditRepository';
import { MessageCache } from '../services/MessageCache';

const GUILD = '1300000000000000001';
const MEMBER = '1300000000000000002';
const DAY_MS = 24 * 3600_000;

function row(overrides: Partial<AuditRow>): AuditRow {
  return {
    guildId: GUILD,
    eventType: AuditEvent.MESSAGE_EVENTS,
    actionType: 'message_edit',
    performedBy: MEMBER,
    targetId: '1300000000000000009',
    targetType: 'message',
    changes: { before: 'a', after: 'b' },
    details: 'edited',
    createdAt: new Date(),
    ...overrides,
  };
}

describe('audit storage on embedded PGlite', function () {
  this.timeout(120_000);
  let dataDir: string;
  let dataSource: DataSource;
  let store: AuditRepository;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'audit-pglite-'));
    const plugins = discoverPlugins([resolve(__dirname, '../..')]);
    dataSource = createDataSource({ databaseUrl: undefined, dataDir, plugins });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    store = new AuditRepository(dataSource, (what, error) => {
      throw new Error(`${what}: ${String(error)}`);
    });
  });

  after(async () => {
    await dataSource?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes buffered rows in multi-row inserts, searches them and purges old ones in batches', async () => {
    for (let index = 0; index < 1500; index += 1) store.add(row({ details: `edit ${index}` }));
    store.add(
      row({ actionType: 'member_join', eventType: AuditEvent.MEMBER_EVENTS, performedBy: null, targetId: MEMBER }),
    );
    store.add(
      row({
        actionType: 'role_update',
        eventType: AuditEvent.ROLE_EVENTS,
        createdAt: new Date(Date.now() - 100 * DAY_MS),
      }),
    );
    expect(store.pendingCount).to.equal(1502);
    await store.flush();
    expect(store.pendingCount).to.equal(0);

    const byMember = await store.search(
      { guildId: GUILD, memberId: MEMBER, category: AuditEvent.MEMBER_EVENTS },
      0,
      10,
    );
    expect(byMember.total).to.equal(1);
    expect(byMember.rows[0]).to.include({ actionType: 'member_join', targetId: MEMBER, guildId: GUILD });
    const edits = await store.search({ guildId: GUILD, action: 'message', from: new Date(Date.now() - DAY_MS) }, 1, 10);
    expect(edits.total).to.equal(1500);
    expect(edits.rows).to.have.length(10);
    expect(edits.rows[0]!.changes).to.deep.equal({ before: 'a', after: 'b' });

    expect(await store.guildsWithRows()).to.deep.equal([GUILD]);
    expect(await store.purge(GUILD, new Date(Date.now() - 90 * DAY_MS), 100)).to.equal(1);
    expect(await store.purge(GUILD, new Date(Date.now() + 1000), 400)).to.equal(1501);
    expect((await store.search({ guildId: GUILD }, 0, 1)).total).to.equal(0);
  });

  it('keeps its rows for the next flush when the database refuses a write', async () => {
    const broken = new AuditRepository(dataSource, () => undefined);
    broken.add(row({ guildId: 'not a number' }));
    let failed = false;
    await broken.flush().catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(broken.pendingCount).to.equal(1);
  });

  it('keeps only the rows of the statements that failed, so a retried flush stores nothing twice', async () => {
    const OTHER_GUILD = '1300000000000000003';
    const partly = new AuditRepository(dataSource, () => undefined);
    // 5,000 rows make one statement; the next statement's row is refused.
    for (let index = 0; index < 5000; index += 1) partly.add(row({ guildId: OTHER_GUILD }));
    partly.add(row({ guildId: 'not a number' }));
    await partly.flush().catch(() => undefined);
    expect(partly.pendingCount).to.equal(1);
    expect((await partly.search({ guildId: OTHER_GUILD }, 0, 1)).total).to.equal(5000);
  });

  it('names the actor of a row stored before Discord said who, and takes back one not to be logged', async () => {
    const GUILD_LATE = '1300000000000000004';
    const MODERATOR = '1300000000000000005';
    const deletion = (messageId: string) =>
      row({ guildId: GUILD_LATE, actionType: 'message_delete', targetId: messageId, details: `deleted ${messageId}` });
    const written = store.add(deletion('1300000000000000011'));
    const writtenThenRetracted = store.add(deletion('1300000000000000012'));
    // Alike but for the message: left as it is.
    store.add(deletion('1300000000000000013'));
    await store.flush();
    const pending = store.add(deletion('1300000000000000014'));
    const pendingThenRetracted = store.add(deletion('1300000000000000015'));
    await store.correctActor(written, MODERATOR);
    await store.retract(writtenThenRetracted);
    await store.correctActor(pending, MODERATOR);
    await store.retract(pendingThenRetracted);
    expect(store.pendingCount).to.equal(1);
    await store.flush();
    const { rows } = await store.search({ guildId: GUILD_LATE }, 0, 20);
    const byMessage = Object.fromEntries(rows.map((stored) => [stored.targetId, stored.performedBy]));
    expect(byMessage).to.deep.equal({
      '1300000000000000011': MODERATOR,
      '1300000000000000013': MEMBER,
      '1300000000000000014': MODERATOR,
    });
  });
});

describe('audit message cache', () => {
  const message = (id: string, createdAt: number) => ({
    id,
    guildId: GUILD,
    channelId: '1',
    authorId: MEMBER,
    authorName: 'm',
    authorBot: false,
    authorRoleIds: [],
    content: 'x'.repeat(5000),
    attachments: [],
    createdAt,
  });

  it('evicts the oldest past its size, and by age; keeps content within Discord’s 4,000 characters', () => {
    const cache = new MessageCache({ maxMessages: 3, maxAgeMs: 60_000 });
    const now = Date.now();
    for (const [id, age] of [
      ['a', 120_000],
      ['b', 90_000],
      ['c', 10_000],
      ['d', 0],
    ] as const) {
      cache.add(message(id, now - age));
    }
    expect(cache.get('a')).to.equal(undefined);
    expect(cache.size).to.equal(3);
    expect(cache.evictOld(now)).to.equal(1);
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('d')!.content).to.have.length(4000);
    expect(cache.take('c')!.id).to.equal('c');
    expect(cache.size).to.equal(1);
  });
});
