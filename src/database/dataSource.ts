import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { coreMigrations } from '../../migrations';
import type { LoadedPlugin } from '../plugin-system/definePlugin';
import { SnakeNamingStrategy } from './SnakeNamingStrategy';
import { GuildConfig } from './entities/GuildConfig';
import { GuildPlugin } from './entities/GuildPlugin';
import { PermissionOverride } from './entities/PermissionOverride';
import { User } from './entities/User';

export const CORE_ENTITIES = [User, GuildConfig, GuildPlugin, PermissionOverride];

export interface DataSourceSettings {
  /** A postgres:// URL; unset → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  plugins: readonly LoadedPlugin[];
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
      extra: { max: 10 },
    } as DataSourceOptions);
  }
  const dataDir = resolve(settings.dataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  return new DataSource({
    ...common,
    // PGlite returns int8 as BigInt; the entities map snowflakes to strings as pg does.
    // pg_trgm (trigram search, which migrations enable) ships with PGlite as a contrib extension to register here.
    driver: new PGliteDriver({ dataDir, parsers: { [types.INT8]: (value: string) => value }, extensions: { pg_trgm } })
      .driver,
  } as DataSourceOptions);
}
