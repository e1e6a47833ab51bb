import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The leaderboards' histogram: how many members of a guild have a wallet (`sort` 0), bank (1) or total (2) in each
 * bucket of `economy_rank_bucket(value)` — 100 buckets per factor e of the amount, so one bucket spans about 1 % of
 * the amounts around it. A member's rank is the members in higher buckets (a sum over at most a few thousand rows)
 * plus those ahead of them in their own bucket (a bounded scan of the expression indexes `economy_board_*`), never a
 * count of everyone ahead. Kept by triggers on `economy` (see the migration EconomyRankBuckets), so every
 * statement that moves money keeps it exact; a bucket changes only when an amount crosses a bucket's bounds.
 */
@Entity({ name: 'economy_rank_bucket' })
export class EconomyRankBucket {
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
