import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many members of a guild hold exactly `earned` achievements (earned > 0): the first level of the board's
 * histogram. Moved in the same statement as every change of a member's `earned` (see `AchievementRepository`), so
 * the number of members ahead of anyone is a sum over a few rows, whatever the guild's size.
 */
@Entity({ name: 'achievement_board_count' })
export class AchievementBoardCount {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'int' })
  earned!: number;

  /**
   * Never negative once a statement is done, but no CHECK says so: changes are one upsert of signed deltas (one
   * statement, rows locked in key order), and PostgreSQL checks constraints on the row proposed for insertion.
   */
  @Column({ type: 'int', default: 0 })
  members!: number;
}
