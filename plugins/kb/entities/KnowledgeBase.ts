import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A knowledge base entry (the seed's `KnowledgeBase`), per guild. Indexes TypeORM cannot express live in the
 * migration and are marked `synchronize: false`: the title's case-insensitive uniqueness (also serving prefix
 * autocomplete), its trigram index, the full-text index over `search_vector` and the GIN index of `tags`.
 * `search_vector` is filled by a trigger from title (weight A), tags and category (B) and content (C).
 */
@Entity({ name: 'knowledge_base' })
@Index('kb_title_unique', { synchronize: false })
@Index('kb_title_trgm', { synchronize: false })
@Index('kb_search_vector', { synchronize: false })
@Index('kb_tags', { synchronize: false })
@Index(['guildId', 'category'])
@Index(['guildId', 'useCount'])
@Index(['createdBy'])
@Check('kb_rating_counts', 'rating_count >= 0 AND rating_sum BETWEEN rating_count AND 5 * rating_count')
@Check('kb_use_count', 'use_count >= 0')
export class KnowledgeBase {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  category!: string | null;

  /** Lower-case, without duplicates. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'bigint' })
  createdBy!: string;

  @Column({ type: 'integer', default: 0 })
  useCount!: number;

  /** The average rating (0 until rated), kept beside its exact sum and count. */
  @Column({ type: 'double precision', default: 0 })
  rating!: number;

  @Column({ type: 'integer', default: 0 })
  ratingCount!: number;

  /** Sum of the ratings: changed by deltas in one UPDATE, so concurrent ratings never lose one. */
  @Column({ type: 'integer', default: 0 })
  ratingSum!: number;

  @Column({ type: 'boolean', default: false })
  isVerified!: boolean;

  @Column({ type: 'bigint', nullable: true })
  verifiedBy!: string | null;

  /** Maintained by the `kb_search_vector_update` trigger; never selected or written by the application. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector!: string | null;
}
