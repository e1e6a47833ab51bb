import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { getPGliteInstance, PGliteDriver } from 'typeorm-pglite';
import { coreMigrations } from '../../migrations';
import type { DatabaseTimeouts } from '../../config';
import type { LoadedPlugin } from '../plugin-system/definePlugin';
import { SnakeNamingStrategy } from './SnakeNamingStrategy';
import { GuildConfig } from './entities/GuildConfig';
import { GuildPlugin } from './entities/GuildPlugin';
import { PermissionOverride } from './entities/PermissionOverride';
import { SettingsChange } from './entities/SettingsChange';
import { User } from './entities/User';

export const CORE_ENTITIES = [User, GuildConfig, GuildPlugin, PermissionOverride, SettingsChange];

export interface DataSourceSettings {
  /** A postgres:// URL; unset → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  plugins: readonly LoadedPlugin[];
  /** PostgreSQL only (the embedded database runs one statement at a time in this process). */
  databaseTimeouts?: DatabaseTimeouts;
}

/**
 * The one DataSource of the process: the core's and every installed plugin's entities and migrations, on PostgreSQL
 * when a URL is given and on embedded PGlite otherwise. Migrations share one table and run in timestamp order.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: [...CORE_ENTITIES, ...settings.plugins.flatMap((plugin) => plugin.entities)],
    migrations: [...coreMigrations, ...settings.plugins.flatMap((plugin) => plugin.migrations)],
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
  };
  if (settings.databaseUrl) {
    return new DataSource({
      ...common,
      url: settings.databaseUrl,
      // Idle connections stay open a minute (pg's default is 10 s): commands come in bursts, and the first commands
      // of a burst after a quiet spell otherwise wait for new connections (bench:commands: its slowest 1 % at 500/s
      // were the first 50 ms of a cell that followed one without database work).
      extra: { max: 10, idleTimeoutMillis: 60_000, ...poolTimeouts(settings.databaseTimeouts) },
    } as DataSourceOptions);
  }
  const dataDir = resolve(settings.dataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  return new DataSource({ ...common, driver: pgliteDriver(dataDir) } as DataSourceOptions);
}

/**
 * node-postgres options that bound every wait on the database: the server cancels a statement running longer than
 * `statement_timeout` or waiting for a lock longer than `lock_timeout` (the transaction rolls back, so nothing is
 * half-written), and the pool gives up on a connection after `connectionTimeoutMillis` (the pool is full or the
 * server does not answer). A command then fails within seconds with "nothing was changed" instead of hanging.
 */
export function poolTimeouts(timeouts: DatabaseTimeouts | undefined): Record<string, number> {
  if (!timeouts) return {};
  return {
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    connectionTimeoutMillis: timeouts.connectMs,
    // Reads on a socket that went silent (a server that vanished without closing it) fail too.
    query_timeout: timeouts.statementMs + timeouts.connectMs,
  };
}

/** PostgreSQL gives the types a database creates (enums, their arrays, extensions' types) OIDs from here on. */
const FIRST_NORMAL_OBJECT_ID = 16384;

/**
 * typeorm-pglite's driver, made to convert values exactly as pg does, so TypeORM sees the same values on both
 * databases and across restarts:
 * - int8 as a string (PGlite's own parser makes a BigInt); the entities map snowflakes to strings.
 * - pg_trgm (trigram search, which migrations enable), which ships with PGlite as a contrib extension to register.
 * - types the schema created as text. PGlite registers a parser for every array type it finds in `pg_type` when it
 *   opens, so an enum array read back from a reopened data folder came as a JS array, while on the first run (the
 *   type created after opening) and on pg it is the text `{A,B}` that TypeORM's enum-array hydration splits.
 */
function pgliteDriver(dataDir: string): object {
  const { Pool } = new PGliteDriver({
    dataDir,
    parsers: { [types.INT8]: (value: string) => value },
    extensions: { pg_trgm },
  }).driver;
  type ConnectCallback = Parameters<InstanceType<typeof Pool>['connect']>[0];
  class NodePostgresTypesPool extends Pool {
    public override async connect(callback: ConnectCallback): Promise<void> {
      let database: PGlite;
      try {
        database = await getPGliteInstance();
      } catch (error) {
        return callback(error, null, () => {});
      }
      forgetSchemaTypes(database);
      return super.connect(callback);
    }
  }
  return { Pool: NodePostgresTypesPool };
}

/** Leaves values of the schema's own types as text, as pg does: it only knows PostgreSQL's built-in types. */
function forgetSchemaTypes(database: PGlite): void {
  for (const handlers of [database.parsers, database.serializers]) {
    for (const oid of Object.keys(handlers)) if (Number(oid) >= FIRST_NORMAL_OBJECT_ID) delete handlers[oid];
  }
}
