import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to a guild's bot settings made on the web dashboard: who, what, the value before and after. Kept for
 * the guild's admins (the dashboard's history page) and for the audit log.
 */
@Entity({ name: 'settings_change' })
@Index(['guildId', 'createdAt'])
export class SettingsChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  actorId!: string;

  /** What changed: `plugin:levels` (on/off), `setting:levels.cooldownSeconds`, `config:prefix`, `permission:…`. */
  @Column({ type: 'varchar', length: 200 })
  target!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
