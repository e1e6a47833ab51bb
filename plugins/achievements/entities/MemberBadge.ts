import { CreateDateColumn, Column, Entity, Index, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Badge } from './Badge';

/** A badge a member holds. */
@Entity({ name: 'member_badge' })
@Index('member_badge_member', ['guildId', 'userId'])
export class MemberBadge {
  @PrimaryColumn({ type: 'int' })
  badgeId!: number;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  @ManyToOne(() => Badge, { onDelete: 'CASCADE' })
  badge?: Relation<Badge>;

  @Column({ type: 'bigint' })
  guildId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  awardedAt!: Date;
}
