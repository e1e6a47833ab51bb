import 'reflect-metadata';
import { resolve } from 'node:path';
import { UserError } from '@sapphire/framework';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource } from '#core/database/dataSource';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { createTestDatabase, type TestDatabase } from '#test/helpers/database';
import { TicketStatus } from '../entities/Ticket';
import { TicketRepository, type OpenRequest } from '../services/TicketRepository';

const GUILD = '1400000000000000101';
const OTHER_GUILD = '1400000000000000102';

describe('ticket repository on PostgreSQL', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: TicketRepository;

  before(async () => {
    database = await createTestDatabase('ticket_repository');
    const plugins = discoverPlugins([resolve(__dirname, '../..')]);
    dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    repository = new TicketRepository(dataSource);
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const request = (userId: string, overrides: Partial<OpenRequest> = {}): OpenRequest => ({
    guildId: GUILD,
    userId,
    title: 'Help',
    description: 'Please',
    maxOpen: 1,
    cooldownSeconds: 0,
    ...overrides,
  });

  async function settle<T>(attempts: Promise<T>[]) {
    const results = await Promise.allSettled(attempts);
    const refused = results.filter((result) => result.status === 'rejected');
    for (const failure of refused) expect(failure.reason).to.be.instanceOf(UserError);
    return { opened: results.length - refused.length, refused: refused.length };
  }

  it('lets exactly maxOpen of many simultaneous opens by one member through', async () => {
    expect(
      await settle(
        Array.from({ length: 12 }, () => repository.reserve(request('1400000000000000201', { maxOpen: 3 }))),
      ),
    ).to.deep.equal({
      opened: 3,
      refused: 9,
    });
  });

  it('numbers tickets per guild without gaps or duplicates when many members open at once', async () => {
    const members = Array.from({ length: 20 }, (_, index) => `14000000000000003${String(index).padStart(2, '0')}`);
    await Promise.all(members.map((member) => repository.reserve(request(member, { guildId: OTHER_GUILD }))));
    const rows: { number: number }[] = await dataSource.query(
      'SELECT number FROM ticket WHERE guild_id = $1 ORDER BY number',
      [OTHER_GUILD],
    );
    expect(rows.map((row) => row.number)).to.deep.equal(members.map((_, index) => index + 1));
  });

  it('refuses a new ticket inside the cooldown, even after the last one closed', async () => {
    const member = '1400000000000000401';
    const ticket = await repository.reserve(request(member, { cooldownSeconds: 60 }));
    await repository.transition(ticket.id, [TicketStatus.OPEN], { status: TicketStatus.CLOSED, closedAt: new Date() });
    let refusal: unknown;
    await repository.reserve(request(member, { cooldownSeconds: 60 })).catch((error: unknown) => (refusal = error));
    expect((refusal as UserError).message).to.match(
      /^You opened a ticket moments ago\. You can open another <t:\d+:R>\.$/,
    );
  });

  it('lets only one of two simultaneous claims win (the state machine is the UPDATE)', async () => {
    const ticket = await repository.reserve(request('1400000000000000501'));
    const claim = (agent: string) =>
      repository.transition(
        ticket.id,
        [TicketStatus.OPEN, TicketStatus.ESCALATED],
        { status: TicketStatus.IN_PROGRESS, assignedTo: agent },
        { sql: 'assigned_to IS NULL', parameters: {} },
      );
    const results = await Promise.all([claim('1400000000000000601'), claim('1400000000000000602')]);
    expect(results.filter((result) => result !== null)).to.have.length(1);
  });

  it('refuses a rating outside 1–5 in the database itself', async () => {
    const ticket = await repository.reserve(request('1400000000000000701'));
    let failure: unknown;
    await dataSource
      .query('UPDATE ticket SET rating = 6 WHERE id = $1', [ticket.id])
      .catch((error: unknown) => (failure = error));
    expect(String(failure)).to.match(/ticket_rating_range/);
  });
  it('ranks support agents by tickets closed or by rating for the leaderboard', async () => {
    const guildId = '1400000000000000900';
    const close = async (opener: string, agentId: string, rating: number | null) => {
      const ticket = await repository.reserve(request(opener, { guildId }));
      await repository.transition(ticket.id, [TicketStatus.OPEN], {
        status: TicketStatus.CLOSED,
        closedAt: new Date(),
        assignedTo: agentId,
        rating,
      });
    };
    const [busy, liked, idle] = ['1400000000000000911', '1400000000000000912', '1400000000000000913'];
    await close('1400000000000000921', busy, 2);
    await close('1400000000000000922', busy, null);
    await close('1400000000000000923', liked, 5);
    const open = await repository.reserve(request('1400000000000000924', { guildId }));
    await repository.transition(open.id, [TicketStatus.OPEN], { assignedTo: idle });

    const byClosed = await repository.agentBoard(guildId, undefined, { offset: 0, limit: 10 });
    expect(byClosed.total).to.equal(2); // an agent with nothing closed is not ranked
    expect(byClosed.entries.map((entry) => [entry.userId, entry.closed, entry.averageRating])).to.deep.equal([
      [busy, 2, 2],
      [liked, 1, 5],
    ]);
    expect((await repository.agentBoard(guildId, 'rating', { offset: 0, limit: 1 })).entries[0]!.userId).to.equal(
      liked,
    );
    expect(await repository.agentRank(guildId, 'rating', busy)).to.equal(2);
    expect(await repository.agentRank(guildId, undefined, idle)).to.equal(null);
  });
});
