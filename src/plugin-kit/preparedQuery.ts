import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource } from 'typeorm';

/** What a pg Pool offers here: a query named after its text, so each connection parses and plans it once. */
interface NamedQueryPool {
  totalCount: number;
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/**
 * Runs one autocommitted statement (never inside a transaction: it takes any pooled connection) as a PostgreSQL
 * prepared statement, named after a hash of its text: each connection of the pool parses it once, and after five
 * runs PostgreSQL keeps a generic plan when it costs no more than one for the values at hand — as for these
 * single-key statements. For the statements of the busiest commands, where planning cost more than running (a rank
 * over the histogram, say). Connections keep PostgreSQL's own plan choice (`plan_cache_mode` auto): forcing generic
 * plans on every statement planned the batch statements over arrays for ten elements, and an achievements batch of
 * 20,000 members then joined in the wrong order (5.9 s instead of 0.25). Rows and errors come back as from
 * `dataSource.query` (pg's type parsers, the same pool; a QueryFailedError). On embedded PGlite (no pg pool) it is
 * `dataSource.query`.
 */
export async function preparedQuery<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  // TypeORM's postgres driver keeps the pg Pool as `master`; the embedded driver has a pool without counters.
  const pool = (dataSource.driver as unknown as { master?: Partial<NamedQueryPool> }).master;
  if (typeof pool?.totalCount !== 'number' || typeof pool.query !== 'function') return dataSource.query(text, values);
  let name = names.get(text);
  if (!name) names.set(text, (name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  try {
    const result = await (pool as NamedQueryPool).query({ name, text, values });
    return result.rows as T[];
  } catch (error) {
    // As TypeORM reports it, so callers read `driverError.code` alike either way.
    throw new QueryFailedError(text, values, error as Error);
  }
}
