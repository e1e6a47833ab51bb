import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { KnowledgeBase } from './KnowledgeBase';

/** Another name an entry answers to (`/kb show wifi` for "Wireless network"); unique per guild, case-insensitively. */
@Entity({ name: 'kb_alias' })
@Index('kb_alias_unique', { synchronize: false })
@Index('kb_alias_trgm', { synchronize: false })
@Index(['entryId'])
export class KbAlias {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'integer' })
  entryId!: number;

  @ManyToOne(() => KnowledgeBase, { onDelete: 'CASCADE' })
  entry!: Relation<KnowledgeBase>;

  @Column({ type: 'varchar', length: 100 })
  alias!: string;

  @Column({ type: 'bigint' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
