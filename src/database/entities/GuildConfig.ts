import { enumArrayTransformer } from '../enumArrayTransformer';
import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The seed's audit event categories — which kinds of events a guild's audit log records — and SETTINGS_EVENTS, the
 * bot's own settings changing (plugins, `/config`, permission overrides), which the seed did not have. New ones go
 * last: `/audit search` keeps a category's position in its page buttons.
 */
export enum AuditEvent {
  MESSAGE_EVENTS = 'MESSAGE_EVENTS',
  MEMBER_EVENTS = 'MEMBER_EVENTS',
  CHANNEL_EVENTS = 'CHANNEL_EVENTS',
  ROLE_EVENTS = 'ROLE_EVENTS',
  MOD_EVENTS = 'MOD_EVENTS',
  VOICE_EVENTS = 'VOICE_EVENTS',
  THREAD_EVENTS = 'THREAD_EVENTS',
  SETTINGS_EVENTS = 'SETTINGS_EVENTS',
}

/** A guild's core settings (the seed's `GuildConfig`) plus its command prefix. One row per guild. */
@Entity({ name: 'guild_config' })
@Check('guild_config_prefix_valid', `prefix IS NULL OR (char_length(prefix) BETWEEN 1 AND 5 AND prefix !~ '\\s')`)
export class GuildConfig {
  /** The guild's id. */
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Null: the bot's default prefix. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  prefix!: string | null;

  @Column({ type: 'bigint', nullable: true })
  logChannelId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  modLogChannelId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  supportCategoryId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  ticketLogChannelId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  welcomeChannelId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  modRoleId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  adminRoleId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  supportRoleId!: string | null;

  @Column({
    type: 'enum',
    enum: AuditEvent,
    enumName: 'audit_event',
    array: true,
    default: () => "'{}'",
    transformer: enumArrayTransformer,
  })
  auditEvents!: AuditEvent[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
