import { Check, Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * A member's levels in one guild (the seed's `Level`, guild-scoped). `totalXp` is the source of truth; `level` and
 * `xp` (progress inside the level) are derived from it with the guild's curve whenever it is written. Members start
 * at level 0, as on MEE6's curve. Keyed by guild and member: every statement finds a row by them, and a flush
 * rewrites tens of thousands of rows, each write paying for every index (the seed's `id` as key was a fifth of it).
 */
@Entity({ name: 'level' })
// The boards' orders (value DESC, user_id ASC) within each bucket of the histogram `level_rank_bucket`: expression
// indexes written by hand in the migration LevelRankBuckets, which TypeORM cannot describe (hence synchronize: false).
@Index('level_board_xp', { synchronize: false })
@Index('level_board_messages', { synchronize: false })
@Check('level_counters_not_negative', 'level >= 0 AND xp >= 0 AND total_xp >= 0 AND message_count >= 0')
export class Level {
  /** The seed's id: still numbered, no longer the key. */
  @Column({ type: 'int' })
  @Generated('increment')
  id!: number;

  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'bigint' })
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
