import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A member's counters in one guild, one column per counted achievement type, and how many achievements they hold
 * (`earned`, kept in the same statement as each unlock or revoke, with the board's histogram).
 *
 * The board's order is `earned DESC, user_id % BOARD_BUCKETS DESC, user_id DESC`, served by the partial expression
 * index `achievement_member_board` (guild_id, earned, (user_id % 251), user_id) WHERE earned > 0, written by hand in
 * the migration because TypeORM cannot describe an expression index (hence synchronize: false).
 */
@Entity({ name: 'achievement_member' })
@Index('achievement_member_board', { synchronize: false })
@Check(
  'achievement_member_counters_not_negative',
  'messages >= 0 AND tickets >= 0 AND help >= 0 AND moderation >= 0 AND earned >= 0',
)
export class AchievementMember {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  /** Copied from the levels plugin at each of its flushes. */
  @Column({ type: 'int', default: 0 })
  messages!: number;

  /** The member's own tickets that were closed (once per ticket). */
  @Column({ type: 'int', default: 0 })
  tickets!: number;

  /** Tickets closed while the member was their claiming agent, and helpful answers. */
  @Column({ type: 'int', default: 0 })
  help!: number;

  /** Moderation actions taken as moderator. */
  @Column({ type: 'int', default: 0 })
  moderation!: number;

  @Column({ type: 'int', default: 0 })
  earned!: number;
}
