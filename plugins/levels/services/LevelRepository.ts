import type { DataSource, EntityManager } from 'typeorm';
import { arrayLiteral } from '#core/plugin-kit/arrayLiteral';
import { preparedQuery } from '#core/plugin-kit/preparedQuery';
import { SharedStrings } from '#core/plugin-kit/SharedStrings';
import { boardSizeSql, pageSql, rankSql, type RankedBoard } from '#core/plugin-kit/rankBuckets';
import { Level } from '../entities/Level';
import type { LevelsFlushedEvent } from '../events';
import { curveKey, levelThresholds, progressOf, type CurveSettings } from './curves';

/** One message worth counting, as the listener saw it. */
export interface MessageActivity {
  guildId: string;
  userId: string;
  channelId: string;
  /** When the message arrived (epoch ms). */
  at: number;
  /** XP this message would earn if the member is off cooldown (0 in no-XP channels). */
  xp: number;
  cooldownMs: number;
  curve: CurveSettings;
}

/** A member moved up one or more levels (computed in memory, reported once per change). */
export interface LevelChange {
  guildId: string;
  userId: string;
  /** Where the message that caused it was sent. */
  channelId: string;
  oldLevel: number;
  newLevel: number;
  totalXp: number;
}

/**
 * A member's counters as cached: what PostgreSQL holds (`storedXp`, `storedMessages`) plus what is waiting to be
 * flushed. Only this process writes its guilds' counters, so the stored values follow each write without reading back.
 */
interface MemberEntry {
  guildId: string;
  userId: string;
  /**
   * Whether `storedXp`, `storedMessages` and `level` hold what PostgreSQL has. A new entry learns them from its first
   * flush (the upsert returns a row that existed; one it inserted holds what was written), not from a read before it:
   * until then its level-ups wait for that flush.
   */
  loaded: boolean;
  storedXp: number;
  storedMessages: number;
  pendingXp: number;
  pendingMessages: number;
  /** Epoch ms of the member's latest message, 0 for none yet. */
  lastMessage: number;
  /** When the member's counters were last taken into a flush (epoch ms), 0 for never. */
  writtenAt: number;
  /** When the member last earned XP (epoch ms), and the guild's cooldown: kept in memory until it has passed. */
  lastAwardAt: number;
  cooldownMs: number;
  /** The level last reported, so a level-up is announced once. */
  level: number;
  curve: CurveSettings;
  lastChannelId: string;
}

/** What one flush writes for a member: the counters taken out of the entry. */
interface PendingWrite {
  entry: MemberEntry;
  xp: number;
  messages: number;
  lastMessage: number;
}

/** Writes of one statement: members of one curve (the level is derived in SQL), all loaded or none. */
interface Chunk {
  writes: PendingWrite[];
  curve: CurveSettings;
  loaded: boolean;
}

/** A row as an upsert stored it (bigint ids come back as strings). */
interface StoredRow {
  guild_id: string;
  user_id: string;
  total_xp: number;
  message_count: number;
}

type StoredRows = Map<MemberEntry, StoredRow>;

/** What the levels board ranks by. */
export type LevelBoardSort = 'xp' | 'messages';

/** A member's line on the levels board. */
export interface LevelBoardEntry {
  userId: string;
  level: number;
  totalXp: number;
  messageCount: number;
}

/** Column each board sort ranks by (a whitelist: no member input reaches the SQL). */
const LEVEL_BOARD = { table: 'level', histogram: 'level_rank_bucket', bucketFunction: 'level_board_bucket' };
/**
 * The boards, kept with the histogram `level_rank_bucket` (migration LevelRankBuckets: its `sort` numbers, and the
 * columns of the indexes `level_board_*`); a whitelist, so no member input reaches the SQL.
 */
const BOARDS: Record<LevelBoardSort, RankedBoard> = {
  xp: { ...LEVEL_BOARD, sort: 0, value: (table) => `${table}.total_xp` },
  messages: { ...LEVEL_BOARD, sort: 1, value: (table) => `${table}.message_count` },
};

/**
 * A member whose new messages earned no XP (the cooldown) has only a message count to write: it waits up to this long
 * for a flush (chat going quiet, shutdown and the boards write it at once). Under steady chat most messages are
 * such, and writing every active member's row every second was most of the database's work.
 */
export const COUNT_FLUSH_INTERVAL_MS = 5000;
/** Rows per statement: one unnest() upsert of this many members. */
const BATCH_SIZE = 5000;
/** Upsert statements of one flush running at a time. */
const PARALLEL_CHUNKS = 2;
/** Cached members idle this long with nothing pending are dropped (their next flush tells their totals again). */
const IDLE_EVICT_MS = 15 * 60_000;
/** How often a flush also looks through every cached member for idle ones (the others it does not visit). */
const IDLE_SWEEP_INTERVAL_MS = 60_000;
const INT_MAX = 2_147_483_647;
/** Members named one by one in {@link LevelRepository.pendingSummary}. */
const LOST_LISTED = 50;

/** The row's total after an upsert adds the written XP (in `ON CONFLICT DO UPDATE`). */
const SUMMED_TOTAL = `LEAST(level.total_xp::bigint + EXCLUDED.total_xp, ${INT_MAX})`;
/** The level of a total, from the curve's thresholds ($6, {@link levelThresholds}). */
const levelSql = (total: string) => `width_bucket(${total}, $6::bigint[]) - 1`;
/** The XP gained inside that level. */
const progressSql = (total: string) => `${total} - ($6::bigint[])[width_bucket(${total}, $6::bigint[])]`;

/** A flush's writes as statements: {@link BATCH_SIZE} members at most, grouped as a {@link Chunk} needs. */
function chunksOf(batch: PendingWrite[]): Chunk[] {
  const groups = new Map<string, Chunk>();
  const chunks: Chunk[] = [];
  for (const write of batch) {
    const { entry } = write;
    const key = `${entry.loaded ? 'loaded' : 'new'}:${curveKey(entry.curve)}`;
    let chunk = groups.get(key);
    if (!chunk || chunk.writes.length === BATCH_SIZE) {
      chunk = { writes: [], curve: entry.curve, loaded: entry.loaded };
      groups.set(key, chunk);
      chunks.push(chunk);
    }
    chunk.writes.push(write);
  }
  return chunks;
}

/** Who hears of the counts a flush wrote (the `levelsFlushed` event), and whether anyone does. */
export interface FlushedListeners {
  /** Checked at each flush: the event costs an object per member written, for nobody when no plugin listens. */
  listening: () => boolean;
  emit: (event: LevelsFlushedEvent) => void;
}

/** What one flush wrote: members' rows, and the time it took. */
export interface FlushResult {
  rows: number;
  seconds: number;
}

/**
 * The levels hot path. Every message updates an in-memory entry per (guild, member): cooldown, pending XP and
 * message count, level changes. Nothing here awaits the database per message: pending counters reach PostgreSQL in
 * multi-row upserts (`flush`), run on an interval and at shutdown, and a member new to the cache learns its stored
 * totals from its first upsert (see {@link LevelRepository.upsert}) rather than from a read before it — at 100,000 members the
 * reads were a third of the rows the database touched. Admin changes go through the same object so the cache never
 * disagrees with the table.
 */
export class LevelRepository {
  /** Guild id → user id → entry: two lookups, and no key string built per message. */
  private readonly members = new Map<string, Map<string, MemberEntry>>();
  /**
   * The entries with counters waiting for a flush (and, briefly, some whose counters an admin change took): a flush
   * walks these rather than every cached member, so its cost follows the chat, not the members cached for the
   * cooldown and idle time (100,000 of them cost ~25 ms a flush to walk).
   */
  private readonly pending = new Set<MemberEntry>();
  /** When a flush last looked for idle members to drop (epoch ms). */
  private sweptAt = Date.now();
  /** Entries share one string per guild and channel id instead of each keeping its payload's copy. */
  private readonly ids = new SharedStrings();
  /** Flushes and admin writes run one at a time, so a write never interleaves with a flush of the same row. */
  private writeChain: Promise<unknown> = Promise.resolve();
  /**
   * Messages recorded since the last flush took its batch, plus those it left for later (coalesced counts); and when
   * the latest arrived (epoch ms).
   */
  public unflushedMessages = 0;
  public lastRecordAt = 0;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly onLevelChange: (change: LevelChange) => void,
    private readonly flushed: FlushedListeners = { listening: () => false, emit: () => undefined },
  ) {}

  /** Counts a message; earns XP unless on cooldown. Synchronous: the gateway never waits for the database. */
  public record(activity: MessageActivity): void {
    this.unflushedMessages += 1;
    this.lastRecordAt = activity.at;
    const entry = this.entryFor(activity.guildId, activity.userId, activity.curve);
    // An entry with counters pending is in the set already.
    if (entry.pendingMessages === 0 && entry.pendingXp === 0) this.pending.add(entry);
    entry.pendingMessages += 1;
    entry.lastMessage = activity.at;
    if (entry.lastChannelId !== activity.channelId) entry.lastChannelId = this.ids.share(activity.channelId);
    entry.curve = activity.curve;
    entry.cooldownMs = activity.cooldownMs;
    if (activity.xp > 0 && activity.at - entry.lastAwardAt >= activity.cooldownMs) {
      entry.lastAwardAt = activity.at;
      entry.pendingXp += activity.xp;
      if (entry.loaded) this.checkLevel(entry);
    }
  }

  /** The member's total XP and message count including what is not flushed yet (reads the row if not cached). */
  public async stats(guildId: string, userId: string): Promise<{ totalXp: number; messageCount: number }> {
    let entry = this.members.get(guildId)?.get(userId);
    // Not loaded: its first flush may be writing it now; once that is done, the row and the entry agree.
    if (entry && !entry.loaded) await this.exclusive(() => this.load(entry!));
    const rows = await this.dataSource.query<{ total_xp: number; message_count: number }[]>(
      'SELECT total_xp, message_count FROM level WHERE guild_id = $1 AND user_id = $2',
      [guildId, userId],
    );
    // A reset while the row was read leaves a fresh entry, or none.
    entry = this.members.get(guildId)?.get(userId);
    return {
      totalXp: (entry ? entry.storedXp : (rows[0]?.total_xp ?? 0)) + (entry?.pendingXp ?? 0),
      messageCount: (rows[0]?.message_count ?? 0) + (entry?.pendingMessages ?? 0),
    };
  }

  /**
   * One page of the guild's members by `sort` (flushed XP only: flush first to include what is pending); ties go to
   * the lower user id so pages never overlap.
   */
  public async board(
    guildId: string,
    sort: LevelBoardSort,
    offset: number,
    limit: number,
  ): Promise<{ entries: LevelBoardEntry[]; total: number }> {
    const board = BOARDS[sort];
    const [rows, total] = await Promise.all([
      preparedQuery<{ user_id: string; level: number; total_xp: number; message_count: number }>(
        this.dataSource,
        pageSql(board, 'm.user_id, m.level, m.total_xp, m.message_count'),
        [guildId, offset, limit],
      ),
      preparedQuery<{ total: number }>(this.dataSource, boardSizeSql(board), [guildId]),
    ]);
    return {
      total: total[0]?.total ?? 0,
      entries: rows.map((row) => ({
        userId: row.user_id,
        level: row.level,
        totalXp: row.total_xp,
        messageCount: row.message_count,
      })),
    };
  }

  /** The member's 1-based place by `sort`, or null when they have none of it (flushed XP only, as {@link board}). */
  public async rankOf(guildId: string, userId: string, sort: LevelBoardSort = 'xp'): Promise<number | null> {
    const rows = await preparedQuery<{ rank: number | null }>(this.dataSource, rankSql(BOARDS[sort]), [
      guildId,
      userId,
    ]);
    return rows[0]?.rank ?? null;
  }

  /** Ids of the guild's members who have a row (flushed XP only). */
  public async memberIds(guildId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ user_id: string }[]>('SELECT user_id FROM level WHERE guild_id = $1', [
      guildId,
    ]);
    return rows.map((row) => row.user_id);
  }

  /** How many of the guild's members have a row (flushed XP only). */
  public async memberCount(guildId: string): Promise<number> {
    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      'SELECT count(*) AS count FROM level WHERE guild_id = $1',
      [guildId],
    );
    return Number(count);
  }

  /**
   * Changes a member's XP: `add` (negative removes, never below 0) or `set`. Atomic in SQL; the cache follows.
   * Returns the old and new level so callers can apply role rewards.
   */
  public async changeXp(
    guildId: string,
    userId: string,
    change: { add: number } | { set: number },
    curve: CurveSettings,
  ): Promise<{ oldLevel: number; newLevel: number; totalXp: number }> {
    return this.exclusive(async () => {
      const entry = this.entryFor(guildId, userId, curve);
      await this.load(entry);
      const oldLevel = progressOf(curve, entry.storedXp + entry.pendingXp).level;
      // XP earned but not flushed yet goes into this statement: `set` replaces it, `add` adds to it.
      const pendingXp = entry.pendingXp;
      entry.pendingXp = 0;
      const amount = 'set' in change ? change.set : change.add + pendingXp;
      try {
        entry.storedXp = await this.dataSource.transaction(async (manager) => {
          const rows = await manager.query<{ total_xp: number }[]>(
            `INSERT INTO level (guild_id, user_id, total_xp)
             VALUES ($1, $2, LEAST(GREATEST($3::bigint, 0), ${INT_MAX}))
             ON CONFLICT (guild_id, user_id) DO UPDATE SET total_xp = ${
               'set' in change ? 'EXCLUDED.total_xp' : `LEAST(GREATEST(level.total_xp::bigint + $3, 0), ${INT_MAX})`
             }
             RETURNING total_xp`,
            [guildId, userId, amount],
          );
          await this.writeDerived(manager, guildId, userId, rows[0].total_xp, curve);
          return rows[0].total_xp;
        });
      } catch (error) {
        entry.pendingXp += pendingXp;
        throw error;
      }
      entry.level = progressOf(curve, entry.storedXp).level;
      entry.curve = curve;
      return { oldLevel, newLevel: entry.level, totalXp: entry.storedXp };
    });
  }

  /** Deletes one member's levels (and anything pending for them). */
  public async resetMember(guildId: string, userId: string): Promise<boolean> {
    return this.exclusive(async () => {
      const entry = this.members.get(guildId)?.get(userId);
      if (entry) this.forget(entry);
      const { affected } = await this.dataSource.getRepository(Level).delete({ guildId, userId });
      return (affected ?? 0) > 0;
    });
  }

  /** Deletes every member's levels in a guild. */
  public async resetGuild(guildId: string): Promise<number> {
    return this.exclusive(async () => {
      for (const entry of this.members.get(guildId)?.values() ?? []) this.pending.delete(entry);
      this.members.delete(guildId);
      const { affected } = await this.dataSource.getRepository(Level).delete({ guildId });
      return affected ?? 0;
    });
  }

  /**
   * What is counted and not yet stored, exactly (member by member, the first {@link LOST_LISTED}): what a shutdown
   * that cannot reach the database loses. Undefined when nothing is pending.
   */
  public pendingSummary(): string | undefined {
    const pending: string[] = [];
    let xp = 0;
    let messages = 0;
    for (const entry of this.pending) {
      if (entry.pendingXp === 0 && entry.pendingMessages === 0) continue;
      xp += entry.pendingXp;
      messages += entry.pendingMessages;
      pending.push(`${entry.guildId}/${entry.userId} +${entry.pendingXp} XP +${entry.pendingMessages} msg`);
    }
    if (pending.length === 0) return undefined;
    const listed = pending.slice(0, LOST_LISTED).join(', ');
    const more = pending.length > LOST_LISTED ? ` and ${pending.length - LOST_LISTED} more` : '';
    return `${pending.length} member(s) with ${xp} XP and ${messages} message(s) not written (${listed}${more})`;
  }

  /**
   * Writes every pending counter in multi-row upserts; resolves to how many members' rows it wrote and how long
   * that took. On failure the counters stay pending for the next flush. `coalesceCounts` leaves message counts
   * without XP to a later flush until {@link COUNT_FLUSH_INTERVAL_MS} passed.
   */
  public flush({ coalesceCounts = false } = {}): Promise<FlushResult> {
    return this.exclusive(async () => {
      const startedAt = performance.now();
      const batch: PendingWrite[] = [];
      const now = Date.now();
      let left = 0;
      // Before the batch is taken, so no member whose counters this flush writes is dropped.
      if (now - this.sweptAt >= IDLE_SWEEP_INTERVAL_MS) this.forgetIdle(now);
      for (const entry of this.pending) {
        if (entry.pendingXp === 0 && entry.pendingMessages === 0) {
          this.pending.delete(entry);
          continue;
        }
        if (coalesceCounts && entry.pendingXp === 0 && now - entry.writtenAt < COUNT_FLUSH_INTERVAL_MS) {
          left += entry.pendingMessages;
          continue;
        }
        this.pending.delete(entry);
        entry.writtenAt = now;
        batch.push({ entry, xp: entry.pendingXp, messages: entry.pendingMessages, lastMessage: entry.lastMessage });
        entry.storedXp += entry.pendingXp;
        entry.pendingXp = 0;
        entry.pendingMessages = 0;
      }
      // Counts this flush left for later still make chat going quiet a reason to flush: otherwise the last counts of
      // a burst would wait out their own interval.
      this.unflushedMessages = left;
      const chunks = chunksOf(batch);
      const flushed = new Map<string, LevelsFlushedEvent['members']>();
      const announce = this.flushed.listening();
      let failure: unknown;
      const writeChunks = async () => {
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
          let stored: StoredRows | undefined;
          try {
            stored = await this.upsert(chunk);
          } catch (error) {
            failure ??= error;
            // Keep what did not reach the database; it goes out with the next flush.
            for (const item of chunk.writes) {
              this.pending.add(item.entry);
              item.entry.pendingXp += item.xp;
              item.entry.pendingMessages += item.messages;
              item.entry.storedXp -= item.xp;
            }
            continue;
          }
          for (const { entry, messages, xp } of chunk.writes) {
            const row = stored?.get(entry);
            if (row) this.learnStored(entry, row, xp);
            // A new member's row that the upsert inserted holds just what was written.
            else if (!chunk.loaded) this.learnStored(entry, { total_xp: xp, message_count: messages }, xp);
            else entry.storedMessages = Math.min(entry.storedMessages + messages, INT_MAX);
            if (!announce) continue;
            let members = flushed.get(entry.guildId);
            if (!members) flushed.set(entry.guildId, (members = []));
            members.push({
              userId: entry.userId,
              messageCount: entry.storedMessages,
              channelId: entry.lastChannelId || null,
            });
          }
        }
      };
      // Chunks hold distinct members, so statements running side by side never wait on each other's rows (the
      // histogram rows their triggers share are locked in key order). With many members a flush writes tens of
      // thousands of rows, and one statement at a time kept PostgreSQL on one core.
      await Promise.all(Array.from({ length: PARALLEL_CHUNKS }, writeChunks));
      for (const [guildId, members] of flushed) this.flushed.emit({ guildId, members });
      if (failure !== undefined) throw failure;
      return { rows: batch.length, seconds: (performance.now() - startedAt) / 1000 };
    });
  }

  /**
   * Writes one chunk (members of one curve, all loaded or none); for members not loaded yet whose rows existed,
   * returns those rows as stored, so the entries learn their totals from the write instead of a read before it (a
   * row the upsert inserted holds what was written, and is not sent back).
   */
  private async upsert({ writes, curve, loaded }: Chunk): Promise<StoredRows | undefined> {
    // Each column goes as one flat array literal, and only rows the cache did not know come back: at 100,000 members,
    // the per-row arrays, date strings and returned rows a flush kept alive until PostgreSQL answered were most of the
    // garbage the process promoted to its old generation (and so of its peak memory).
    const columns = [
      arrayLiteral(writes.map(({ entry }) => entry.guildId)),
      arrayLiteral(writes.map(({ entry }) => entry.userId)),
      arrayLiteral(writes.map(({ xp }) => xp)),
      arrayLiteral(writes.map(({ messages }) => messages)),
      arrayLiteral(writes.map(({ lastMessage }) => lastMessage)),
      arrayLiteral(levelThresholds(curve, INT_MAX)),
    ];
    // One statement for the whole chunk: unnest() turns the column arrays into rows; counters are added, not
    // overwritten, so a concurrent admin change in another statement is never lost, and the level and progress are
    // derived from the sum in the same statement (no need to know the stored total). Times go as epoch ms.
    const upsert = `INSERT INTO level (guild_id, user_id, level, xp, total_xp, message_count, last_message)
       SELECT guild_id, user_id, ${levelSql('total_xp')}, ${progressSql('total_xp')}, total_xp, messages,
         CASE WHEN at > 0 THEN to_timestamp(at / 1000.0) END
       FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::float8[])
         AS r(guild_id, user_id, total_xp, messages, at)
       ON CONFLICT (guild_id, user_id) DO UPDATE SET
         total_xp = ${SUMMED_TOTAL},
         message_count = LEAST(level.message_count::bigint + EXCLUDED.message_count, ${INT_MAX}),
         last_message = GREATEST(level.last_message, EXCLUDED.last_message),
         level = ${levelSql(SUMMED_TOTAL)},
         xp = ${progressSql(SUMMED_TOTAL)}`;
    if (loaded) {
      await this.dataSource.query(upsert, columns);
      return undefined;
    }
    // xmax is 0 in a row version an upsert inserted; one it updated carries the transaction's id (the upsert locked
    // the row first, and the new version keeps the lock). Most members new to the cache are new to the table too:
    // not returning their rows spared the bot parsing 100,000 of them at 100,000 members.
    const rows = await this.dataSource.query<StoredRow[]>(
      `WITH written AS (${upsert} RETURNING guild_id, user_id, total_xp, message_count, xmax)
       SELECT guild_id, user_id, total_xp, message_count FROM written WHERE xmax <> '0'`,
      columns,
    );
    const stored: StoredRows = new Map();
    for (const row of rows) {
      const entry = this.members.get(row.guild_id)?.get(row.user_id);
      if (entry) stored.set(entry, row);
    }
    return stored;
  }

  /** A new member's row as its first flush stored it: the entry now knows its totals, and reports a level-up. */
  private learnStored(entry: MemberEntry, row: Pick<StoredRow, 'total_xp' | 'message_count'>, writtenXp: number) {
    entry.storedXp = row.total_xp;
    entry.storedMessages = row.message_count;
    entry.level = progressOf(entry.curve, row.total_xp - writtenXp).level;
    entry.loaded = true;
    this.checkLevel(entry);
  }

  private async writeDerived(
    manager: EntityManager,
    guildId: string,
    userId: string,
    totalXp: number,
    curve: CurveSettings,
  ) {
    const progress = progressOf(curve, totalXp);
    await manager.query('UPDATE level SET level = $3, xp = $4 WHERE guild_id = $1 AND user_id = $2', [
      guildId,
      userId,
      progress.level,
      progress.xpIntoLevel,
    ]);
  }

  /** The member's entry; a new one is queued to have its stored total read. */
  private entryFor(guildId: string, userId: string, curve: CurveSettings): MemberEntry {
    let guildMembers = this.members.get(guildId);
    if (!guildMembers) {
      guildMembers = new Map();
      this.members.set(guildId, guildMembers);
    }
    let entry = guildMembers.get(userId);
    if (!entry) {
      entry = {
        guildId: this.ids.share(guildId),
        userId,
        loaded: false,
        storedXp: 0,
        storedMessages: 0,
        pendingXp: 0,
        pendingMessages: 0,
        lastMessage: 0,
        writtenAt: 0,
        lastAwardAt: -Infinity,
        cooldownMs: 0,
        level: 0,
        curve,
        lastChannelId: '',
      };
      guildMembers.set(userId, entry);
    }
    return entry;
  }

  /** Drops the cached members idle for {@link IDLE_EVICT_MS} with nothing pending and no cooldown running. */
  private forgetIdle(now: number): void {
    this.sweptAt = now;
    for (const guildMembers of this.members.values()) {
      for (const entry of guildMembers.values()) {
        if (entry.pendingXp !== 0 || entry.pendingMessages !== 0) continue;
        const cooling = now - entry.lastAwardAt < entry.cooldownMs;
        if (entry.lastMessage < now - IDLE_EVICT_MS && !cooling) this.forget(entry);
      }
    }
  }

  private forget(entry: MemberEntry): void {
    this.pending.delete(entry);
    const guildMembers = this.members.get(entry.guildId);
    guildMembers?.delete(entry.userId);
    if (guildMembers?.size === 0) this.members.delete(entry.guildId);
  }

  /**
   * Reads the member's stored totals into the entry if it does not know them yet (run inside {@link exclusive}, so
   * no flush is writing the row meanwhile); XP pending on top of them may report a level-up.
   */
  private async load(entry: MemberEntry): Promise<void> {
    if (entry.loaded) return;
    const rows = await this.dataSource.query<{ total_xp: number; message_count: number }[]>(
      'SELECT total_xp, message_count FROM level WHERE guild_id = $1 AND user_id = $2',
      [entry.guildId, entry.userId],
    );
    this.learnStored(entry, { total_xp: rows[0]?.total_xp ?? 0, message_count: rows[0]?.message_count ?? 0 }, 0);
  }

  private checkLevel(entry: MemberEntry): void {
    const totalXp = entry.storedXp + entry.pendingXp;
    const { level } = progressOf(entry.curve, totalXp);
    if (level <= entry.level) return;
    const oldLevel = entry.level;
    entry.level = level;
    this.onLevelChange({
      guildId: entry.guildId,
      userId: entry.userId,
      channelId: entry.lastChannelId,
      oldLevel,
      newLevel: level,
      totalXp,
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeChain.then(work, work);
    this.writeChain = run.catch(() => undefined);
    return run;
  }
}
