import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  JoinColumn,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Ticket } from './Ticket';

/** An attachment of a ticket message, as a link (Discord keeps the file). */
export interface TicketAttachment {
  name: string;
  url: string;
}

/** The parts of an embed a transcript shows. */
export interface TicketEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string }[];
  footer?: string;
}

/** A message in a ticket (the seed's `Message`): said in its channel, or an internal staff note. */
@Entity({ name: 'ticket_message' })
@Index(['ticketId', 'createdAt'])
@Index(['guildId', 'discordMessageId'], { unique: true })
export class TicketMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'integer' })
  ticketId!: number;

  @ManyToOne(() => Ticket, (ticket) => ticket.messages, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket!: Relation<Ticket>;

  @Column({ type: 'bigint' })
  senderId!: string;

  /** The sender's name when it was said, for transcripts. */
  @Column({ type: 'varchar', length: 100 })
  senderName!: string;

  @Column({ type: 'boolean', default: false })
  senderIsBot!: boolean;

  @Column({ type: 'text' })
  content!: string;

  /** Internal notes are shown to staff only. */
  @Column({ type: 'boolean', default: false })
  isInternal!: boolean;

  /** The Discord message, for channel messages; null for notes. */
  @Column({ type: 'bigint', nullable: true })
  discordMessageId!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: TicketAttachment[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  embeds!: TicketEmbed[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
