import type { DataSource } from 'typeorm';
import type { AuditEvent } from '#core/plugin-kit/guildConfig';
import { startFlushLoop } from '#core/plugin-kit/flushLoop';
import { AuditLog, type AuditTargetType } from '../entities/AuditLog';

/** A row waiting to be written. */
export interface AuditRow {
  guildId: string;
  eventType: AuditEvent;
  actionType: string;
  performedBy: string | null;
  targetId: string | null;
  targetType: AuditTargetType;
  changes: Record<string, unknown> | null;
  details: string | null;
  createdAt: Date;
}

export interface AuditSearch {
  guildId: string;
  /** Who did it or whom it was about. */
  memberId?: string;
  category?: AuditEvent;
  /** An action type, or the start of one (`message` finds message_edit and message_delete). */
  action?: string;
  from?: Date;
  to?: Date;
}

/** Rows per INSERT statement. */
const INSERT_BATCH = 5000;
/** Rows kept pending while the database refuses writes; beyond, the oldest are dropped (and counted). */
const MAX_PENDING = 100_000;
export const PURGE_BATCH = 5000;
/**
 * A stored row found again by what it says (the batched INSERT returns no ids): guild, action, target and time — in
 * practice one event (a message delete's target is the message); of identical rows, the newest.
 */
const NEWEST_ROW_LIKE = `SELECT id FROM audit_log
  WHERE guild_id = $1 AND action_type = $2 AND target_id IS NOT DISTINCT FROM $3 AND created_at = $4
  ORDER BY id DESC LIMIT 1`;
const rowKey = (row: AuditRow) => [row.guildId, row.actionType, row.targetId, row.createdAt.toISOString()];

/**
 * Stores audit events without a write per event: rows are buffered and written in multi-row INSERTs on an interval,
 * when events stop coming and at shutdown, as levels does with its counters. A failed flush keeps its rows for the
 * next one.
 */
export class AuditRepository {
  private pending: AuditRow[] = [];
  private flushing: Promise<void> | undefined;
  private stopFlushLoop: (() => void) | undefined;
  private lastAddedAt = 0;
  public dropped = 0;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly onError: (what: string, error: unknown) => void,
  ) {}

  public start(intervalMs = 1000): void {
    this.stopFlushLoop ??= startFlushLoop({
      intervalMs,
      lastQueuedAt: () => (this.pending.length > 0 ? this.lastAddedAt : undefined),
      flush: () => this.flush(),
      onError: (error) => this.onError('audit: flushing events', error),
    });
  }

  /** Stops the interval and writes what is pending (shutdown). */
  public async stop(): Promise<void> {
    this.stopFlushLoop?.();
    this.stopFlushLoop = undefined;
    await this.flush();
  }

  public get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues a row; returns it, to {@link correctActor} or {@link retract} once its actor is known. */
  public add(row: AuditRow): AuditRow {
    this.pending.push(row);
    this.lastAddedAt = Date.now();
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped += 1;
    }
    return row;
  }

  /**
   * Names who did an event stored before Discord said: in place while its row waits to be written, else by an UPDATE
   * once the flush that took it is over (rare: most events stored early are a member's own, and stay as stored).
   */
  public async correctActor(row: AuditRow, performedBy: string | null): Promise<void> {
    row.performedBy = performedBy;
    if (!(await this.written(row))) return;
    await this.dataSource.query(`UPDATE audit_log SET performed_by = $5 WHERE id = (${NEWEST_ROW_LIKE})`, [
      ...rowKey(row),
      performedBy,
    ]);
  }

  /** Takes back a row stored early that is not to be logged after all (its actor turned out to be ignored). */
  public async retract(row: AuditRow): Promise<void> {
    const index = this.pending.indexOf(row);
    if (index >= 0) {
      this.pending.splice(index, 1);
      return;
    }
    if (await this.written(row)) {
      await this.dataSource.query(`DELETE FROM audit_log WHERE id = (${NEWEST_ROW_LIKE})`, rowKey(row));
    }
  }

  /** Whether the row is in the database: false while it waits for a flush (or waits again after a failed one). */
  private async written(row: AuditRow): Promise<boolean> {
    if (this.pending.includes(row)) return false;
    while (this.flushing) await this.flushing.catch(() => undefined);
    return !this.pending.includes(row);
  }

  /** Writes every pending row; concurrent calls share the flush in progress and then run once more. */
  public async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const progress = { written: 0 };
    this.flushing = this.write(batch, progress)
      .catch((error: unknown) => {
        // Statements that succeeded are committed: keep only the rest, or the next flush would store them twice.
        this.pending = [...batch.slice(progress.written), ...this.pending];
        throw error;
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /**
   * One statement per batch, its rows as one JSON parameter (cheaper to build than TypeORM's multi-row INSERT, and
   * the same on PostgreSQL and PGlite, which does not serialize array parameters).
   */
  private async write(rows: AuditRow[], progress: { written: number }): Promise<void> {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const batch = rows.slice(start, start + INSERT_BATCH);
      await this.dataSource.query(
        `INSERT INTO audit_log
           (guild_id, event_type, action_type, performed_by, target_id, target_type, changes, details, created_at)
         SELECT guild_id, event_type::audit_event, action_type, performed_by, target_id, target_type, changes, details,
                created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(guild_id bigint, event_type text, action_type varchar,
           performed_by bigint, target_id varchar, target_type varchar, changes jsonb, details text,
           created_at timestamptz)`,
        [
          JSON.stringify(
            batch.map((row) => ({
              guild_id: row.guildId,
              event_type: row.eventType,
              action_type: row.actionType,
              performed_by: row.performedBy,
              target_id: row.targetId,
              target_type: row.targetType,
              changes: row.changes,
              details: row.details,
              created_at: row.createdAt.toISOString(),
            })),
          ),
        ],
      );
      progress.written = start + batch.length;
    }
  }

  /** One page of matching events, newest first, and how many match in all. */
  public async search(
    query: AuditSearch,
    page: number,
    pageSize: number,
  ): Promise<{ rows: AuditLog[]; total: number }> {
    const builder = this.dataSource
      .getRepository(AuditLog)
      .createQueryBuilder('log')
      .where('log.guildId = :guildId', { guildId: query.guildId });
    if (query.memberId) {
      builder.andWhere('(log.performedBy = :memberId OR log.targetId = :memberText)', {
        memberId: query.memberId,
        memberText: query.memberId,
      });
    }
    if (query.category) builder.andWhere('log.eventType = :category', { category: query.category });
    if (query.action) builder.andWhere('log.actionType LIKE :action', { action: `${escapeLike(query.action)}%` });
    if (query.from) builder.andWhere('log.createdAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('log.createdAt < :to', { to: query.to });
    const [rows, total] = await builder
      .orderBy('log.createdAt', 'DESC')
      .addOrderBy('log.id', 'DESC')
      .skip(page * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { rows, total };
  }

  /** The guilds that have stored events. */
  public async guildsWithRows(): Promise<string[]> {
    const rows = await this.dataSource.query<{ guild_id: string }[]>('SELECT DISTINCT guild_id FROM audit_log');
    return rows.map((row) => String(row.guild_id));
  }

  /**
   * Deletes a guild's events older than `before`, {@link PURGE_BATCH} rows per statement so a large purge never
   * holds long locks. Returns how many were deleted.
   */
  public async purge(guildId: string, before: Date, batchSize = PURGE_BATCH): Promise<number> {
    let deleted = 0;
    for (;;) {
      const result = await this.dataSource.query<unknown>(
        `DELETE FROM audit_log WHERE id IN (
           SELECT id FROM audit_log WHERE guild_id = $1 AND created_at < $2 ORDER BY created_at LIMIT $3
         ) RETURNING 1`,
        [guildId, before, batchSize],
      );
      const count = affectedOf(result);
      deleted += count;
      if (count < batchSize) return deleted;
    }
  }
}

/** The number of rows a `DELETE … RETURNING` touched, as pg (`[rows, count]`) or PGlite (`rows`) reports it. */
function affectedOf(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
