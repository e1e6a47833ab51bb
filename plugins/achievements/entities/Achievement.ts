import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What an achievement counts (the seed's AchievementType). SPECIAL ones are given by hand. */
export enum AchievementType {
  MESSAGES = 'MESSAGES',
  TICKETS = 'TICKETS',
  HELP = 'HELP',
  MODERATION = 'MODERATION',
  SPECIAL = 'SPECIAL',
}

/** One achievement of a guild (the seed's `Achievement`, guild-scoped, with `hidden`). */
@Entity({ name: 'achievement' })
// Unique on (guild_id, lower(name)), so "Legend" and "legend" cannot both exist: an expression index, created by the
// migration, which TypeORM cannot describe (hence synchronize: false).
@Index('achievement_guild_lower_name', { synchronize: false })
@Check('achievement_amounts_not_negative', 'requirement >= 0 AND reward >= 0')
export class Achievement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 300 })
  description!: string;

  @Column({ type: 'enum', enum: AchievementType, enumName: 'achievement_type' })
  type!: AchievementType;

  /** How many of `type` a member needs (unused for SPECIAL). */
  @Column({ type: 'int' })
  requirement!: number;

  /** Money credited on unlock when the economy plugin is on (0: none). */
  @Column({ type: 'int', default: 0 })
  reward!: number;

  /** An emoji (unicode or `<:name:id>`). */
  @Column({ type: 'varchar', length: 64 })
  icon!: string;

  /** Shown as "???" until earned. */
  @Column({ type: 'boolean', default: false })
  hidden!: boolean;

  /**
   * A retroactive evaluation is owed (the achievement is new or its requirement was lowered): set with the change,
   * cleared by the job, so `reconcile` can queue it again if Redis lost it.
   */
  @Column({ type: 'boolean', default: false })
  retroPending!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
