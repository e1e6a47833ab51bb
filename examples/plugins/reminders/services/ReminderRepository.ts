import { IsNull, type DataSource } from 'typeorm';
import { Reminder } from '../entities/Reminder';

/** The reminders table: every rule that must hold under concurrency is one SQL statement. */
export class ReminderRepository {
  public constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a reminder unless the member already has `max` pending in the guild; null when at the limit. The count and
   * the insert run under a lock on the member (a transaction-scoped advisory lock), so reminders set at once cannot
   * both pass the check on a nearly full list.
   */
  public addWithin(
    values: Pick<Reminder, 'guildId' | 'userId' | 'channelId' | 'text' | 'dueAt'>,
    max: number,
  ): Promise<Reminder | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `reminder:${values.guildId}:${values.userId}`,
      ]);
      const pending = await manager.countBy(Reminder, {
        guildId: values.guildId,
        userId: values.userId,
        deliveredAt: IsNull(),
      });
      return pending < max ? manager.save(manager.create(Reminder, { ...values, deliveredAt: null })) : null;
    });
  }

  public pendingOf(guildId: string, userId: string): Promise<Reminder[]> {
    return this.repository.find({ where: { guildId, userId, deliveredAt: IsNull() }, order: { dueAt: 'ASC' } });
  }

  /** Every pending reminder (of one guild, or all): what `reconcile` schedules. */
  public pending(guildId?: string): Promise<Reminder[]> {
    return this.repository.findBy({ deliveredAt: IsNull(), ...(guildId ? { guildId } : {}) });
  }

  /** Deletes a pending reminder of this member; false when there is none by that id. */
  public async deletePending(guildId: string, userId: string, id: number): Promise<boolean> {
    const result = await this.repository.delete({ id, guildId, userId, deliveredAt: IsNull() });
    return (result.affected ?? 0) > 0;
  }

  /** Marks a due reminder delivered and returns it; null when it was already delivered, deleted or is not due. */
  public async claimDue(id: number): Promise<Reminder | null> {
    const rows: Reminder[][] = await this.dataSource.query(
      `UPDATE reminder SET delivered_at = now() WHERE id = $1 AND delivered_at IS NULL AND due_at <= now()
       RETURNING id, guild_id AS "guildId", user_id AS "userId", channel_id AS "channelId", text`,
      [id],
    );
    // TypeORM returns [rows, affected count] for an UPDATE … RETURNING.
    return rows[0]?.[0] ?? null;
  }

  /** Undoes a claim whose post failed, so the reminder is tried again. */
  public async unclaim(id: number): Promise<void> {
    await this.repository.update({ id }, { deliveredAt: null });
  }

  private get repository() {
    return this.dataSource.getRepository(Reminder);
  }
}
