import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The second level of the board's histogram: members of a guild holding exactly `earned` achievements, split by
 * their bucket (`user_id % BOARD_BUCKETS`, the first tie-break of the board). Ties are the rule on this board (a
 * handful of distinct counts among 100,000 members), so a member's place among equals is a sum over these rows plus
 * a count over one bucket, never a count over everyone tied with them.
 */
@Entity({ name: 'achievement_board_bucket' })
export class AchievementBoardBucket {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'int' })
  earned!: number;

  @PrimaryColumn({ type: 'smallint' })
  bucket!: number;

  /**
   * Never negative once a statement is done, but no CHECK says so: changes are one upsert of signed deltas (one
   * statement, rows locked in key order), and PostgreSQL checks constraints on the row proposed for insertion.
   */
  @Column({ type: 'int', default: 0 })
  members!: number;
}
