import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Achievement } from './Achievement';

/**
 * An achievement a member earned (the seed's user ↔ achievement relation). The primary key makes each unlock happen
 * once, whatever races: unlocks are `INSERT … ON CONFLICT DO NOTHING RETURNING`, and only the inserting statement
 * rewards and announces.
 */
@Entity({ name: 'achievement_unlock' })
@Index('achievement_unlock_member', ['guildId', 'userId'])
export class AchievementUnlock {
  @PrimaryColumn({ type: 'int' })
  achievementId!: number;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  @ManyToOne(() => Achievement, { onDelete: 'CASCADE' })
  achievement?: Relation<Achievement>;

  @Column({ type: 'bigint' })
  guildId!: string;

  /** The admin who granted it by hand; null when earned. */
  @Column({ type: 'bigint', nullable: true })
  grantedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  unlockedAt!: Date;
}
