import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Where a change of a guild's bot settings was made: a slash command (or the form or button it opened), a prefix
 * command, the web dashboard, or the bot itself (the sandbox setting up its demo server, test fixtures).
 */
export const SETTINGS_CHANGE_SOURCES = ['slash', 'prefix', 'dashboard', 'system'] as const;
export type SettingsChangeSource = (typeof SETTINGS_CHANGE_SOURCES)[number];

/**
 * One change to a guild's bot settings — from a slash or prefix command, the web dashboard or the bot itself: who,
 * where from, what, the value before and after. Kept for the guild's admins (the dashboard's history page); the
 * audit plugin logs the same changes as they happen (SETTINGS_EVENTS).
 */
@Entity({ name: 'settings_change' })
@Index(['guildId', 'createdAt'])
@Check(
  'settings_change_source_known',
  `source IN (${SETTINGS_CHANGE_SOURCES.map((source) => `'${source}'`).join(', ')})`,
)
export class SettingsChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  actorId!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: SettingsChangeSource;

  /** What changed: `plugin:levels` (on/off), `plugin:levels.settings.xpRate`, `config.prefix`, `permission:role:<id>.BAN_USER`. */
  @Column({ type: 'varchar', length: 200 })
  target!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
