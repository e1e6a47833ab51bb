import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { moneyTransformer } from './moneyTransformer';

/** One member's money in one guild: wallet (`balance`), bank, and the timestamps that gate daily/weekly/work. */
@Entity({ name: 'economy' })
@Index('economy_guild_user', ['guildId', 'userId'], { unique: true })
// The boards' orders (amount DESC, user_id ASC) within each bucket of the histogram `economy_rank_bucket`: expression
// indexes written by hand in the migration EconomyRankBuckets, which TypeORM cannot describe (hence synchronize: false).
@Index('economy_board_wallet', { synchronize: false })
@Index('economy_board_bank', { synchronize: false })
@Index('economy_board_total', { synchronize: false })
@Check('economy_balance_range', 'balance >= 0 AND balance <= 1000000000000000')
@Check('economy_bank_range', 'bank >= 0 AND bank <= 1000000000000000')
@Check('economy_streaks_positive', 'streak >= 0 AND weekly_streak >= 0')
export class Economy {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  userId!: string;

  /** The wallet. */
  @Column({ type: 'bigint', default: 0, transformer: moneyTransformer })
  balance!: number;

  @Column({ type: 'bigint', default: 0, transformer: moneyTransformer })
  bank!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastDaily!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastWeekly!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastWork!: Date | null;

  /** Consecutive daily claims. */
  @Column({ type: 'int', default: 0 })
  streak!: number;

  /** Consecutive weekly claims. */
  @Column({ type: 'int', default: 0 })
  weeklyStreak!: number;
}
