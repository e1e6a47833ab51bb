/**
 * SQL for leaderboards kept with a bucket histogram (levels' `level_rank_bucket`, economy's `economy_rank_bucket`):
 * rows of `(guild_id, sort, bucket, members)` where `bucket = <bucket function>(value)` rises with the value (100
 * buckets per factor e; NULL for values ≤ 0, which are not on the board), kept exact by the table's
 * triggers. The board's order is value DESC, user_id ASC; each board has an expression index on
 * `(guild_id, bucket(value) DESC, value DESC, user_id) WHERE value > 0`. So:
 * - a rank is 1 + the members of higher buckets (a sum over the histogram) + a count of the rows ahead inside the
 *   member's own bucket (a range of that index, about 1 % of the values around the member's);
 * - a page finds the bucket where its offset falls from running sums over the histogram, then reads that index from
 *   there, skipping only the rows of that bucket before the offset;
 * - the board's size is a sum over the histogram.
 * None counts the members ahead one by one, so all stay fast at any rank in a guild of 100,000 members. Values
 * and tables here are whitelisted constants of the calling plugin, never member input.
 */
export interface RankedBoard {
  /** The plugin's table of members, e.g. `level`. */
  table: string;
  /** Its histogram table, e.g. `level_rank_bucket`. */
  histogram: string;
  /** The IMMUTABLE SQL function from value to bucket, e.g. `level_board_bucket`; the indexes use it. */
  bucketFunction: string;
  /** The board's `sort` in the histogram. */
  sort: number;
  /** The value as SQL of a row alias, spelled as in the index (e.g. `(m.balance + m.bank)`). */
  value: (alias: string) => string;
}

/**
 * The 1-based rank of the row aliased `me` (columns guild_id, user_id and the board's value), or NULL when its value
 * is ≤ 0. `me` need not be in the table yet: the rank is where it would stand (1 + the members ahead of it), so a
 * statement may rank a row it is inserting.
 */
export function rankExpression(board: RankedBoard, me: string): string {
  const { table, histogram, bucketFunction: bucket, sort, value } = board;
  return `CASE WHEN ${value(me)} > 0 THEN (1
      + (SELECT COALESCE(sum(h.members), 0) FROM ${histogram} h
         WHERE h.guild_id = ${me}.guild_id AND h.sort = ${sort} AND h.bucket > ${bucket}(${value(me)}))
      + (SELECT count(*) FROM ${table} o
         WHERE o.guild_id = ${me}.guild_id AND ${value('o')} > 0
           AND ${bucket}(${value('o')}) = ${bucket}(${value(me)}) AND ${value('o')} >= ${value(me)}
           AND (${value('o')} > ${value(me)} OR o.user_id < ${me}.user_id)))::int END`;
}

/** The member's 1-based rank, or NULL when their value is ≤ 0 (no row: no result). Parameters: $1 guild, $2 user. */
export function rankSql(board: RankedBoard): string {
  return `SELECT ${rankExpression(board, 'me')} AS rank FROM ${board.table} me WHERE me.guild_id = $1 AND me.user_id = $2`;
}

/**
 * One page of the board, best first: `SELECT <columns> … OFFSET … LIMIT …` over rows aliased `m`. Parameters:
 * $1 guild, $2 offset, $3 limit.
 */
export function pageSql(board: RankedBoard, columns: string): string {
  const { table, histogram, bucketFunction: bucket, sort, value } = board;
  return `WITH buckets AS (
      SELECT bucket, members, sum(members) OVER (ORDER BY bucket DESC) - members AS ahead
      FROM ${histogram} WHERE guild_id = $1 AND sort = ${sort} AND members > 0),
    start AS (SELECT bucket, $2 - ahead AS skip FROM buckets WHERE ahead <= $2 AND $2 < ahead + members)
    SELECT ${columns} FROM ${table} m
    WHERE m.guild_id = $1 AND ${value('m')} > 0 AND ${bucket}(${value('m')}) <= (SELECT bucket FROM start)
    ORDER BY ${bucket}(${value('m')}) DESC, ${value('m')} DESC, m.user_id ASC
    OFFSET (SELECT skip FROM start) LIMIT $3`;
}

/** How many members are on the board. Parameter: $1 guild. */
export function boardSizeSql(board: RankedBoard): string {
  return `SELECT COALESCE(sum(members), 0)::int AS total FROM ${board.histogram}
    WHERE guild_id = $1 AND sort = ${board.sort}`;
}
