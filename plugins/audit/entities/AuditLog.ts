import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AuditEvent } from '#core/plugin-kit/guildConfig';

/** What an event is about. */
export type AuditTargetType =
  | 'message'
  | 'member'
  | 'user'
  | 'channel'
  | 'role'
  | 'thread'
  | 'voice'
  | 'case'
  /** The bot's own settings (SETTINGS_EVENTS). */
  | 'setting';

/**
 * One logged server event (the seed's `AuditLog`), scoped to a guild. `changes` holds the structured before/after,
 * `details` the readable summary. Rows are written in batches and purged after the guild's retention.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_guild_created', ['guildId', 'createdAt'])
@Index('audit_log_guild_event', ['guildId', 'eventType', 'createdAt'])
@Index('audit_log_guild_performed_by', ['guildId', 'performedBy'])
@Index('audit_log_guild_target', ['guildId', 'targetId'])
@Index('audit_log_created', ['createdAt'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'enum', enum: AuditEvent, enumName: 'audit_event' })
  eventType!: AuditEvent;

  /** e.g. `message_delete`, `role_update`, `case_ban`. */
  @Column({ type: 'varchar', length: 40 })
  actionType!: string;

  /** Who did it, when Discord says. */
  @Column({ type: 'bigint', nullable: true })
  performedBy!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  targetType!: AuditTargetType;

  @Column({ type: 'jsonb', nullable: true })
  changes!: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  details!: string | null;

  /** When the event happened (rows reach the table up to a second later). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
