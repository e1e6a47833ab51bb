import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A search that found nothing useful, per guild, with how often it was made; forgotten 90 days after its last time. */
@Entity({ name: 'kb_search_miss' })
@Index(['lastSearchedAt'])
export class KbSearchMiss {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  /** Lower-cased and trimmed, at most 100 characters. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  query!: string;

  @Column({ type: 'integer', default: 1 })
  count!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  firstSearchedAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastSearchedAt!: Date;
}
