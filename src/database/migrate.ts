import type { DataSource, Migration } from 'typeorm';

/**
 * The PostgreSQL advisory lock the bot's migrations run under: a fixed number no other code locks on. Advisory locks
 * belong to one database, so bots on other databases of the same server never wait for each other.
 */
export const MIGRATION_LOCK_KEY = '4170931178416230517';

/**
 * Runs the pending migrations, each in its own transaction, while holding a session advisory lock. Processes that
 * start at once on an empty database (a shard manager's children, a worker, a second machine) would otherwise each
 * find every migration pending and run them side by side, failing on what another just created; with the lock the
 * others wait, then find nothing left to run. On embedded PGlite (one process, one session) the lock is taken and
 * released all the same.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  // Its own connection, held until the run is over: a session lock lives and dies with its connection.
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}
