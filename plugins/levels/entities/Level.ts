import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A member's levels in one guild (the seed's `Level`, guild-scoped). `totalXp` is the source of truth; `level` and
 * `xp` (progress inside the level) are derived from it with the guild's curve whenever it is written. Members start
 * at level 0, as on MEE6's curve.
 */
@Entity({ name: 'level' })
@Index(['guildId', 'userId'], { unique: true })
// The boards' orders (value DESC, user_id ASC) within each bucket of the histogram `level_rank_bucket`: expression
// indexes written by hand in the migration LevelRankBuckets, which TypeORM cannot describe (hence synchronize: false).
@Index('level_board_xp', { synchronize: false })
@Index('level_board_messages', { synchronize: false })
@Check('level_counters_not_negative', 'level >= 0 AND xp >= 0 AND total_xp >= 0 AND message_count >= 0')
export class Level {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  userId!: string;

  @Column({ type: 'int', default: 0 })
  level!: number;

  /** XP gained since reaching `level`. */
  @Column({ type: 'int', default: 0 })
  xp!: number;

  @Column({ type: 'int', default: 0 })
  totalXp!: number;

  @Column({ type: 'int', default: 0 })
  messageCount!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessage!: Date | null;
}
