import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { KnowledgeBase } from './KnowledgeBase';

/**
 * An entry the bot suggested under a message, which its feedback buttons point at. Unique per ticket and entry, so
 * a ticket never gets the same suggestion twice, even from two messages handled at once.
 */
@Entity({ name: 'kb_suggestion' })
@Index(['ticketId', 'entryId'], { unique: true })
@Index(['createdAt'])
export class KbSuggestion {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  channelId!: string;

  @Column({ type: 'integer' })
  entryId!: number;

  @ManyToOne(() => KnowledgeBase, { onDelete: 'CASCADE' })
  entry!: Relation<KnowledgeBase>;

  /** The tickets plugin's ticket id, in a ticket channel; null in a help channel. */
  @Column({ type: 'integer', nullable: true })
  ticketId!: number | null;

  /** Who wrote the message that was answered. */
  @Column({ type: 'bigint' })
  askerId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
