import { In, type DataSource } from 'typeorm';
import { clearUserBans, setUserBan } from '#core/plugin-kit/userBans';
import { ModerationCaseCounter } from '../entities/ModerationCaseCounter';
import { ModerationAction, ModerationLog } from '../entities/ModerationLog';

export interface NewCase {
  guildId: string;
  action: ModerationAction;
  userId: string | null;
  performedBy: string | null;
  reason: string;
  expiresAt?: Date | null;
  channelId?: string | null;
  dmFailed?: boolean;
}

/** What handling an expiry needs to know of its case. */
export type DueExpiry = Pick<ModerationLog, 'id' | 'guildId' | 'caseNumber' | 'userId' | 'action' | 'expiresAt'>;

/** How long a worker may hold an expiry before another one may take it over (it crashed, or lost Redis). */
const EXPIRY_CLAIM_LEASE_SECONDS = 60;

/** The cases of every guild in PostgreSQL: numbering, history, and which expiries are still owed. */
export class CaseRepository {
  public constructor(private readonly dataSource: DataSource) {}

  /** Records a case under the guild's next number. */
  public async create(input: NewCase): Promise<ModerationLog> {
    const [row] = await this.createMany(input.guildId, [input]);
    return row!;
  }

  /**
   * Records cases of one guild under its next numbers, in order. One statement bumps the guild's counter row and
   * inserts the cases, so concurrent cases never share or skip a number.
   */
  public async createMany(guildId: string, inputs: readonly NewCase[]): Promise<ModerationLog[]> {
    if (inputs.length === 0) return [];
    const counter = this.dataSource.getRepository(ModerationCaseCounter).metadata.tableName;
    const cases = this.repository.metadata.tableName;
    // The cases travel as one JSON parameter: embedded PGlite cannot send JS arrays as array parameters.
    const rows = inputs.map((input, index) => ({
      position: index + 1,
      action: input.action,
      user_id: input.userId,
      performed_by: input.performedBy,
      reason: input.reason,
      expires_at: input.expiresAt ?? null,
      channel_id: input.channelId ?? null,
      dm_failed: input.dmFailed ?? false,
    }));
    const inserted: { id: number; case_number: number; created_at: Date }[] = await this.dataSource.query(
      `WITH next AS (
         INSERT INTO ${counter} (guild_id, last_case_number) VALUES ($1, $2)
         ON CONFLICT (guild_id) DO UPDATE SET last_case_number = ${counter}.last_case_number + $2
         RETURNING last_case_number)
       INSERT INTO ${cases} (guild_id, case_number, action, user_id, performed_by, reason, expires_at, channel_id, dm_failed)
       SELECT $1, next.last_case_number - $2 + c.position, c.action, c.user_id, c.performed_by, c.reason, c.expires_at,
              c.channel_id, c.dm_failed
       FROM next, json_to_recordset($3::json) AS c(position int, action moderation_action, user_id bigint,
            performed_by bigint, reason text, expires_at timestamptz, channel_id bigint, dm_failed boolean)
       ORDER BY c.position
       RETURNING id, case_number, created_at`,
      [guildId, inputs.length, JSON.stringify(rows)],
    );
    inserted.sort((a, b) => a.case_number - b.case_number);
    return inputs.map((input, index) =>
      this.repository.create({
        ...input,
        guildId,
        expiresAt: input.expiresAt ?? null,
        channelId: input.channelId ?? null,
        dmFailed: input.dmFailed ?? false,
        id: inserted[index]!.id,
        caseNumber: inserted[index]!.case_number,
        createdAt: inserted[index]!.created_at,
        logMessageId: null,
        expiryClaimedAt: null,
        expiryDoneAt: null,
      }),
    );
  }

  public find(guildId: string, caseNumber: number): Promise<ModerationLog | null> {
    return this.repository.findOneBy({ guildId, caseNumber });
  }

  public findById(id: number): Promise<ModerationLog | null> {
    return this.repository.findOneBy({ id });
  }

  /** The guild's cases, newest first (the dashboard's staff page), and how many there are in all. */
  public async latest(guildId: string, offset: number, limit: number) {
    const [cases, total] = await this.repository.findAndCount({
      where: { guildId },
      order: { caseNumber: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { cases, total };
  }

  /** A member's cases, newest first, and how many there are in all. */
  public async ofUser(guildId: string, userId: string, offset: number, limit: number) {
    const [cases, total] = await this.repository.findAndCount({
      where: { guildId, userId },
      order: { caseNumber: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { cases, total };
  }

  public async countSince(guildId: string, userId: string, action: ModerationAction, since: Date): Promise<number> {
    return this.repository
      .createQueryBuilder('c')
      .where('c.guild_id = :guildId AND c.user_id = :userId AND c.action = :action AND c.created_at >= :since', {
        guildId,
        userId,
        action,
        since,
      })
      .getCount();
  }

  /** Notes on a stored case that the member could not be told by DM (learnt after the case was stored). */
  public async setDmFailed(id: number): Promise<void> {
    await this.repository.update({ id }, { dmFailed: true });
  }

  public async setLogMessage(id: number, logMessageId: string): Promise<void> {
    await this.repository.update({ id }, { logMessageId });
  }

  public async setReason(guildId: string, caseNumber: number, reason: string): Promise<ModerationLog | null> {
    const result = await this.repository.update({ guildId, caseNumber }, { reason });
    return result.affected ? this.find(guildId, caseNumber) : null;
  }

  public async delete(guildId: string, caseNumber: number): Promise<ModerationLog | null> {
    const found = await this.find(guildId, caseNumber);
    if (found) await this.repository.delete({ id: found.id });
    return found;
  }

  /**
   * Marks a member's owed expiries of these actions as done: after a manual unban or an untimeout there is
   * nothing left to lift, and the expiry must not act (or record a case) again.
   */
  public async settleExpiries(guildId: string, userId: string, actions: ModerationAction[]): Promise<void> {
    await this.repository
      .createQueryBuilder()
      .update()
      .set({ expiryDoneAt: () => 'now()' })
      .where('guild_id = :guildId AND user_id = :userId AND action IN (:...actions)', { guildId, userId, actions })
      .andWhere('expires_at IS NOT NULL AND expiry_done_at IS NULL')
      .execute();
  }

  /**
   * Takes up to `limit` due expiries of a guild for this worker: unclaimed ones, or ones whose claim lapsed.
   * `SKIP LOCKED` lets concurrent workers take disjoint sets.
   */
  public async claimDue(guildId: string, limit: number): Promise<DueExpiry[]> {
    const table = this.repository.metadata.tableName;
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
    const rows: {
      id: number;
      case_number: number;
      user_id: string | null;
      action: ModerationAction;
      expires_at: Date;
    }[] = await this.dataSource.query(
      `WITH claimed AS (
           UPDATE ${table} SET expiry_claimed_at = now()
           WHERE id IN (
             SELECT id FROM ${table}
             WHERE guild_id = $1 AND expires_at <= now() AND expiry_done_at IS NULL
               AND (expiry_claimed_at IS NULL OR expiry_claimed_at < now() - make_interval(secs => $2))
             ORDER BY expires_at
             LIMIT $3
             FOR UPDATE SKIP LOCKED)
           RETURNING id, case_number, user_id, action, expires_at)
         SELECT * FROM claimed`,
      [guildId, EXPIRY_CLAIM_LEASE_SECONDS, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      guildId,
      caseNumber: row.case_number,
      userId: row.user_id,
      action: row.action,
      expiresAt: row.expires_at,
    }));
  }

  public async markExpiriesDone(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.repository.update({ id: In(ids) }, { expiryDoneAt: () => 'now()' });
  }

  public async releaseClaim(id: number): Promise<void> {
    await this.repository.update({ id }, { expiryClaimedAt: null });
  }

  /**
   * Guilds with expiries that are due and not done (only `guildId`, when given): what a restart, a lost Redis or a
   * time disabled may have left behind.
   */
  public async guildsWithDueExpiries(guildId?: string): Promise<string[]> {
    const rows: { guild_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT guild_id FROM ${this.repository.metadata.tableName}
       WHERE expires_at <= now() AND expiry_done_at IS NULL AND ($1::bigint IS NULL OR guild_id = $1::bigint)`,
      [guildId ?? null],
    );
    return rows.map((row) => row.guild_id);
  }

  /** Expiries still in the future (of one guild, when given), to make sure each has its job queued. */
  public futureExpiries(guildId?: string): Promise<Pick<ModerationLog, 'id' | 'guildId' | 'expiresAt'>[]> {
    const query = this.repository
      .createQueryBuilder('c')
      .select(['c.id', 'c.guildId', 'c.expiresAt'])
      .where('c.expires_at > now() AND c.expiry_done_at IS NULL');
    if (guildId !== undefined) query.andWhere('c.guild_id = :guildId', { guildId });
    return query.getMany();
  }

  /** After expiries lifted these users' bans: the core's `User` ban fields, in one statement. */
  public clearUserBans(userIds: string[]): Promise<void> {
    return clearUserBans(this.dataSource, userIds);
  }

  /** Keeps the core's `User.isBanned`, `bannedUntil` and `banReason` in step with the last ban or unban. */
  public syncUserBan(
    user: { id: string; username?: string },
    ban: { until: Date | null; reason: string } | null,
  ): Promise<void> {
    return setUserBan(this.dataSource, user, ban);
  }

  private get repository() {
    return this.dataSource.getRepository(ModerationLog);
  }
}
