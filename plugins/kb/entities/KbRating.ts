import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { KnowledgeBase } from './KnowledgeBase';

/** One member's rating of an entry (1–5), changeable: the entry keeps the sum and count of these rows. */
@Entity({ name: 'kb_rating' })
@Check('kb_rating_score', 'score BETWEEN 1 AND 5')
export class KbRating {
  @PrimaryColumn({ type: 'integer' })
  entryId!: number;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  @ManyToOne(() => KnowledgeBase, { onDelete: 'CASCADE' })
  entry!: Relation<KnowledgeBase>;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'smallint' })
  score!: number;

  /**
   * The score this one replaced (null until the member changes it). Written by the upsert from the row it locked,
   * so the entry's sum moves by the exact difference even when the same member's ratings race.
   */
  @Column({ type: 'smallint', nullable: true })
  previousScore!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
