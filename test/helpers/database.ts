import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/dataSource';
import type { LoadedPlugin } from '../../src/plugin-system/definePlugin';

/** The server the tests create their databases on; CI and the README's test command use the local one. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database for one test run, dropped afterwards. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `bot_${label}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A data source to initialise, on a fresh database, and what removes that database once it is destroyed. */
export interface OpenedDatabase {
  dataSource: DataSource;
  close: () => Promise<void>;
}

/**
 * Runs a suite on PostgreSQL and on embedded PGlite alike (both databases are first-class): `tests` is called in a
 * `describe` of each, with a function that opens a fresh, empty database of that kind.
 */
export function onBothDatabases(
  label: string,
  plugins: readonly LoadedPlugin[],
  tests: (open: () => Promise<OpenedDatabase>) => void,
): void {
  describe('on PostgreSQL', () => {
    tests(async () => {
      const database = await createTestDatabase(label);
      return {
        dataSource: createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins }),
        close: () => database.drop(),
      };
    });
  });
  describe('on embedded PGlite', () => {
    tests(async () => {
      const dataDir = mkdtempSync(join(tmpdir(), `bot-pglite-${label}-`));
      return {
        dataSource: createDataSource({ databaseUrl: undefined, dataDir, plugins }),
        close: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    });
  });
}
