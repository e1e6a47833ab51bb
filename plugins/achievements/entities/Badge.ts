import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Achievement } from './Achievement';

/** Where a badge comes from: an achievement's unlock, or a BADGE item of the economy shop that the member owns. */
export enum BadgeSource {
  ACHIEVEMENT = 'ACHIEVEMENT',
  ITEM = 'ITEM',
}

/** A badge of a guild (the seed's `Badge`): one per achievement, and one per BADGE shop item once a member owns it. */
@Entity({ name: 'badge' })
@Index('badge_guild_item', ['guildId', 'itemId'], { unique: true, where: 'item_id IS NOT NULL' })
export class Badge {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  icon!: string;

  @Column({ type: 'enum', enum: BadgeSource, enumName: 'badge_source' })
  source!: BadgeSource;

  @Column({ type: 'int', nullable: true, unique: true })
  achievementId!: number | null;

  @ManyToOne(() => Achievement, { onDelete: 'CASCADE' })
  achievement?: Relation<Achievement>;

  /** The economy item's id (no foreign key: the economy plugin owns that table and may not be installed). */
  @Column({ type: 'int', nullable: true })
  itemId!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
