import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { coreMigrations } from '../../migrations';
import { SettingsChangeSources1795884925675 } from '../../migrations/1795884925675-SettingsChangeSources';
import { createDataSource } from '../../src/database/dataSource';
import { runMigrationsLocked } from '../../src/database/migrate';
import { AuditEvent, GuildConfig } from '../../src/database/entities/GuildConfig';
import { GuildPlugin } from '../../src/database/entities/GuildPlugin';
import { SettingsChange } from '../../src/database/entities/SettingsChange';
import { User } from '../../src/database/entities/User';
import { Permission, UserRole } from '../../src/permissions/enums';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { eventually } from '../helpers/wait';

const plugins = discoverPlugins([resolve(__dirname, '../../plugins')]);

/** Runs every migration, then asks TypeORM what it would generate: nothing, if entities and migrations agree. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  await dataSource.runMigrations({ transaction: 'each' });
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

/**
 * Takes the database back to just before settings changes were recorded from everywhere (as an older version left it:
 * the dashboard's rows only, named the old way, and no SETTINGS_EVENTS), then upgrades it with `migrate`: the rows
 * keep their history under the new names, marked as the dashboard's, and the audit category SETTINGS_EVENTS can be
 * stored in both columns of its type.
 */
async function upgradesAcrossSettingsAudit(dataSource: DataSource, migrate: () => Promise<DataSource>): Promise<void> {
  for (;;) {
    const [last] = (await dataSource.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)) as {
      name: string;
    }[];
    await dataSource.undoLastMigration({ transaction: 'each' });
    if (last!.name === SettingsChangeSources1795884925675.name) break;
  }
  await dataSource.query(`
    INSERT INTO settings_change (guild_id, actor_id, target, before, after) VALUES
      (1300000000000000010, 1300000000000000011, 'plugin:levels', 'false', 'true'),
      (1300000000000000010, 1300000000000000011, 'setting:levels.cooldownSeconds', '60', '30'),
      (1300000000000000010, 1300000000000000011, 'config:prefix', 'null', '"?"'),
      (1300000000000000010, 1300000000000000011, 'permission:ROLE:1300000000000000012:BAN_USER', 'null', '"GRANT"'),
      (1300000000000000010, 1300000000000000011, 'permission:MEMBER:1300000000000000013:WARN_USER', '"REVOKE"', 'null')
  `);
  const upgraded = await migrate();
  const rows = await upgraded
    .getRepository(SettingsChange)
    .find({ where: { guildId: '1300000000000000010' }, order: { id: 'ASC' } });
  expect(rows.map((row) => [row.source, row.target, row.before, row.after])).to.deep.equal([
    ['dashboard', 'plugin:levels', false, true],
    ['dashboard', 'plugin:levels.settings.cooldownSeconds', 60, 30],
    ['dashboard', 'config.prefix', null, '?'],
    ['dashboard', 'permission:role:1300000000000000012.BAN_USER', null, 'GRANT'],
    ['dashboard', 'permission:member:1300000000000000013.WARN_USER', 'REVOKE', null],
  ]);
  const auditEvents = [AuditEvent.MOD_EVENTS, AuditEvent.SETTINGS_EVENTS];
  await upgraded.getRepository(GuildConfig).insert({ id: '1300000000000000010', name: 'Upgraded', auditEvents });
  expect(
    (await upgraded.getRepository(GuildConfig).findOneByOrFail({ id: '1300000000000000010' })).auditEvents,
  ).to.deep.equal(auditEvents);
  await upgraded.query(
    `INSERT INTO audit_log (guild_id, event_type, action_type, target_type) VALUES (1300000000000000010, 'SETTINGS_EVENTS', 'config_change', 'setting')`,
  );
  let refused: unknown;
  await upgraded
    .query(`INSERT INTO settings_change (guild_id, actor_id, source, target) VALUES (1, 2, 'carrier-pigeon', 'x')`)
    .catch((error: unknown) => (refused = error));
  expect(String(refused)).to.match(/settings_change_source_known/);
}

describe('database schema', function () {
  this.timeout(120_000);

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

    it('upgrades a database from before settings changes were recorded from everywhere', async () => {
      await upgradesAcrossSettingsAudit(dataSource, async () => {
        await dataSource.runMigrations({ transaction: 'each' });
        return dataSource;
      });
      expect(await pendingSchemaChanges(dataSource)).to.deep.equal([]);
    });
  });

  describe('two processes starting at once on an empty PostgreSQL database', () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase('migrate_race');
    });
    after(async () => {
      await database?.drop();
    });

    /** `test/fixtures/processes/migrate.ts` in a process of its own: connected, waiting for the go. */
    function migratingProcess() {
      const child = spawn(
        process.execPath,
        ['--conditions=development', '--require', '@swc-node/register', 'test/fixtures/processes/migrate.ts'],
        { cwd: resolve(__dirname, '../..'), env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url } },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exit = once(child, 'exit').then(([code]) => code as number | null);
      return { child, exit, output: () => output };
    }

    it('both succeed: one runs every migration, the other waits for it and finds none left', async () => {
      const processes = [migratingProcess(), migratingProcess()];
      await eventually(
        () => processes.every((child) => child.output().includes('ready\n')),
        'both processes to connect',
        60_000,
      );
      for (const { child } of processes) child.stdin.end('go\n');
      const codes = await Promise.all(processes.map((child) => child.exit));
      expect(codes, processes.map((child) => child.output()).join('\n')).to.deep.equal([0, 0]);

      const ran = processes.map((child) => JSON.parse(child.output().split('\n').at(-2)!) as string[]);
      const migrations = coreMigrations.length + plugins.reduce((sum, plugin) => sum + plugin.migrations.length, 0);
      expect(ran.map((names) => names.length).sort((a, b) => a - b)).to.deep.equal([0, migrations]);
      const dataSource = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins });
      await dataSource.initialize();
      try {
        const rows = await dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY name');
        expect(rows.map((row) => row.name).sort()).to.deep.equal(ran.flat().sort());
        expect(new Set(rows.map((row) => row.name)).size).to.equal(rows.length);
        // And a later start finds nothing to do.
        expect(await runMigrationsLocked(dataSource)).to.deep.equal([]);
      } finally {
        await dataSource.destroy();
      }
    });
  });

  describe('on embedded PGlite', () => {
    let dataDir: string;
    let dataSource: DataSource;
    /** Opens the data folder as a new process would: a fresh DataSource, migrations run as at start-up. */
    const open = async () => {
      dataSource = createDataSource({ databaseUrl: undefined, dataDir, plugins });
      await dataSource.initialize();
      await runMigrationsLocked(dataSource);
    };
    const reopen = async () => {
      await dataSource.destroy();
      await open();
    };
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'bot-pglite-'));
      await open();
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

    it('reads back after reopening the data folder what an earlier open wrote, and writes again', async () => {
      // PGlite learns the schema's own array types when it opens a folder; values must still read as on the first run.
      const bannedUntil = new Date('2031-05-06T07:08:09.123Z');
      await dataSource.getRepository(GuildConfig).insert({
        id: '1300000000000000004',
        name: 'Reopened',
        modRoleId: '1300000000000000005',
        auditEvents: [AuditEvent.MOD_EVENTS, AuditEvent.VOICE_EVENTS],
      });
      await dataSource.getRepository(User).insert({
        id: '1300000000000000006',
        username: 'reopened',
        role: UserRole.MODERATOR,
        permissions: [Permission.BAN_USER, Permission.WARN_USER],
        bannedUntil,
      });
      await dataSource.getRepository(GuildPlugin).insert({
        guildId: '1300000000000000004',
        plugin: 'economy',
        enabled: true,
        settings: { currencyName: 'gold', nested: { list: [1, 2] } },
      });

      await reopen();
      const config = await dataSource.getRepository(GuildConfig).findOneByOrFail({ id: '1300000000000000004' });
      expect(config.auditEvents).to.deep.equal([AuditEvent.MOD_EVENTS, AuditEvent.VOICE_EVENTS]);
      expect(config.modRoleId).to.equal('1300000000000000005');
      expect(config.createdAt).to.be.instanceOf(Date);
      const user = await dataSource.getRepository(User).findOneByOrFail({ id: '1300000000000000006' });
      expect(user).to.include({ id: '1300000000000000006', role: UserRole.MODERATOR, isBanned: false });
      expect(user.permissions).to.deep.equal([Permission.BAN_USER, Permission.WARN_USER]);
      expect(user.bannedUntil?.toISOString()).to.equal(bannedUntil.toISOString());
      const plugin = await dataSource.getRepository(GuildPlugin).findOneByOrFail({ guildId: '1300000000000000004' });
      expect(plugin.settings).to.deep.equal({ currencyName: 'gold', nested: { list: [1, 2] } });

      await dataSource
        .getRepository(GuildConfig)
        .update('1300000000000000004', { auditEvents: [AuditEvent.THREAD_EVENTS] });
      await dataSource.getRepository(User).update('1300000000000000006', { permissions: [] });
      await reopen();
      expect(
        (await dataSource.getRepository(GuildConfig).findOneByOrFail({ id: '1300000000000000004' })).auditEvents,
      ).to.deep.equal([AuditEvent.THREAD_EVENTS]);
      expect(
        (await dataSource.getRepository(User).findOneByOrFail({ id: '1300000000000000006' })).permissions,
      ).to.deep.equal([]);
    });

    it('upgrades a data folder from before settings changes were recorded from everywhere, when opened', async () => {
      await upgradesAcrossSettingsAudit(dataSource, async () => {
        await reopen();
        return dataSource;
      });
      expect(await pendingSchemaChanges(dataSource)).to.deep.equal([]);
    });
  });
});
