import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { TicketMessage } from './TicketMessage';

/** The seed's ticket lifecycle. */
export enum TicketStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  ESCALATED = 'ESCALATED',
}

/** The seed keeps priority as an integer (default 1); these are its named levels. */
export enum TicketPriority {
  LOW = 0,
  NORMAL = 1,
  HIGH = 2,
  URGENT = 3,
}

/** A support ticket (the seed's `Ticket`), numbered per guild, with its private channel or thread. */
@Entity({ name: 'ticket' })
@Index(['guildId', 'number'], { unique: true })
@Index(['guildId', 'userId', 'status'])
@Index(['channelId'])
@Check('ticket_priority_range', 'priority BETWEEN 0 AND 3')
@Check('ticket_rating_range', 'rating IS NULL OR rating BETWEEN 1 AND 5')
@Check('ticket_closed_has_time', `status <> 'CLOSED' OR closed_at IS NOT NULL`)
export class Ticket {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  /** Per-guild ticket number (`ticket-0042`), from `ticket_counter`. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'enum', enum: TicketStatus, enumName: 'ticket_status', default: TicketStatus.OPEN })
  status!: TicketStatus;

  @Column({ type: 'integer', default: TicketPriority.NORMAL })
  priority!: TicketPriority;

  @Column({ type: 'boolean', default: false })
  isEscalated!: boolean;

  /** The opener. */
  @Column({ type: 'bigint' })
  userId!: string;

  /** The user id of the support agent handling it. */
  @Column({ type: 'bigint', nullable: true })
  assignedTo!: string | null;

  /** Its channel or private thread; null until created, and kept after deletion for the record. */
  @Column({ type: 'bigint', nullable: true })
  channelId!: string | null;

  @Column({ type: 'boolean', default: false })
  isThread!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  /** Last message or action by a person: the inactivity clock starts here. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActivityAt!: Date;

  /** When the inactivity warning was posted; cleared by activity. */
  @Column({ type: 'timestamptz', nullable: true })
  staleWarnedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  escalationReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'bigint', nullable: true })
  closedBy!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  closeReason!: string | null;

  /** When the channel was deleted after closing (or found deleted); null while it may still exist. */
  @Column({ type: 'timestamptz', nullable: true })
  channelDeletedAt!: Date | null;

  /** Feedback from the opener after closing. */
  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  feedback!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => TicketMessage, (message) => message.ticket)
  messages!: Relation<TicketMessage[]>;
}
