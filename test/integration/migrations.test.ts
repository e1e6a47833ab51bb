import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/dataSource';
import { AuditEvent, GuildConfig } from '../../src/database/entities/GuildConfig';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

const plugins = discoverPlugins([resolve(__dirname, '../../plugins')]);

/** Runs every migration, then asks TypeORM what it would generate: nothing, if entities and migrations agree. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  await dataSource.runMigrations({ transaction: 'each' });
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

describe('database schema', function () {
  this.timeout(60_000);

  describe('on PostgreSQL', () => {
    let database: TestDatabase;
    let dataSource: DataSource;
    before(async () => {
      database = await createTestDatabase('schema');
      dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
      await dataSource.initialize();
    });
    after(async () => {
      await dataSource?.destroy();
      await database?.drop();
    });

    it('the committed migrations produce exactly the entities (generating again finds nothing)', async () => {
      expect(await pendingSchemaChanges(dataSource)).to.deep.equal([]);
    });

    it('stores snowflakes as bigint and reads them back as strings', async () => {
      const repository = dataSource.getRepository(GuildConfig);
      await repository.insert({ id: '1300000000000000001', name: 'Snowflakes', auditEvents: [AuditEvent.MOD_EVENTS] });
      const row = await repository.findOneByOrFail({ id: '1300000000000000001' });
      expect(row.id).to.equal('1300000000000000001');
      expect(row.auditEvents).to.deep.equal([AuditEvent.MOD_EVENTS]);
    });

    it('refuses a prefix with spaces even from SQL (CHECK constraint)', async () => {
      let failure: unknown;
      await dataSource
        .query(`INSERT INTO guild_config (id, name, prefix) VALUES (1300000000000000002, 'x', 'a b')`)
        .catch((error: unknown) => (failure = error));
      expect(String(failure)).to.match(/guild_config_prefix_valid/);
    });
  });

  describe('on embedded PGlite', () => {
    let dataDir: string;
    let dataSource: DataSource;
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'bot-pglite-'));
      dataSource = createDataSource({ databaseUrl: undefined, dataDir, plugins });
      await dataSource.initialize();
    });
    after(async () => {
      await dataSource?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('boots, migrates and agrees with the entities', async () => {
      expect(await pendingSchemaChanges(dataSource)).to.deep.equal([]);
    });

    it('reads bigint snowflakes back as strings and enum arrays as arrays, as on PostgreSQL', async () => {
      const repository = dataSource.getRepository(GuildConfig);
      const auditEvents = [AuditEvent.MESSAGE_EVENTS, AuditEvent.ROLE_EVENTS];
      await repository.insert({ id: '1300000000000000003', name: 'Embedded', auditEvents });
      const row = await repository.findOneByOrFail({ id: '1300000000000000003' });
      expect(row.id).to.equal('1300000000000000003');
      expect(row.auditEvents).to.deep.equal(auditEvents);
    });
  });
});
