import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** What a case records (the seed's free-text `action`, as an enum). */
export enum ModerationAction {
  NOTE = 'note',
  WARN = 'warn',
  TIMEOUT = 'timeout',
  UNTIMEOUT = 'untimeout',
  KICK = 'kick',
  BAN = 'ban',
  TEMPBAN = 'tempban',
  UNBAN = 'unban',
  SOFTBAN = 'softban',
  PURGE = 'purge',
}

/**
 * A moderation case: the seed's `ModerationLog`, scoped to a guild and numbered per guild. Temporary actions
 * (tempban, timeout) carry `expiresAt`; `expiryDoneAt` is set once the expiry has been handled, so the database
 * alone says which expiries are still owed (the BullMQ jobs are only the alarm clock).
 */
@Entity({ name: 'moderation_log' })
@Unique('moderation_log_guild_case_number', ['guildId', 'caseNumber'])
@Index('moderation_log_guild_user', ['guildId', 'userId', 'createdAt'])
@Index('moderation_log_pending_expiry', ['guildId', 'expiresAt'], {
  where: 'expires_at IS NOT NULL AND expiry_done_at IS NULL',
})
@Check('moderation_log_case_number_positive', 'case_number > 0')
@Check('moderation_log_expiry_only_temporary', `expires_at IS NULL OR action IN ('timeout', 'tempban')`)
export class ModerationLog {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  /** Per-guild number from {@link ModerationCaseCounter}. */
  @Column({ type: 'integer' })
  caseNumber!: number;

  /** The member acted on; null only for a purge that was not limited to one member. */
  @Column({ type: 'bigint', nullable: true })
  userId!: string | null;

  @Column({ type: 'enum', enum: ModerationAction, enumName: 'moderation_action' })
  action!: ModerationAction;

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** The moderator; null when Discord's audit log did not name one. */
  @Column({ type: 'bigint', nullable: true })
  performedBy!: string | null;

  /** Where a purge happened. */
  @Column({ type: 'bigint', nullable: true })
  channelId!: string | null;

  /** The case's embed in the mod-log channel, edited when the reason changes. */
  @Column({ type: 'bigint', nullable: true })
  logMessageId!: string | null;

  /** The member could not be told by DM (DMs closed, or not sharing a server with the bot). */
  @Column({ type: 'boolean', default: false })
  dmFailed!: boolean;

  /** Set by a worker that is handling the expiry; a claim older than a minute is considered abandoned. */
  @Column({ type: 'timestamptz', nullable: true })
  expiryClaimedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiryDoneAt!: Date | null;
}
