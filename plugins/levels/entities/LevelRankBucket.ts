import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The leaderboards' histogram: how many members of a guild have total XP (`sort` 0) or a message count (1) in each
 * bucket of `level_rank_bucket(value)` — 100 buckets per factor e, so one bucket spans about 1 % of the values around
 * it. A member's rank is the members in higher buckets (a sum over at most about a thousand rows) plus those ahead
 * of them in their own bucket (a bounded scan of the expression indexes `level_board_*`), never a count of everyone
 * ahead. Kept by triggers on `level` (see the migration LevelRankBuckets), so the XP flush, resets and
 * removals keep it exact; a bucket changes only when a value crosses a bucket's bounds.
 */
@Entity({ name: 'level_rank_bucket' })
export class LevelRankBucket {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'smallint' })
  sort!: number;

  @PrimaryColumn({ type: 'int' })
  bucket!: number;

  /** Never negative once a statement is done; changes are signed deltas applied in key order. */
  @Column({ type: 'int', default: 0 })
  members!: number;
}
