import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Links a member shows on their profile, by network. */
export type Socials = Partial<Record<string, string>>;

/** What a member hides from others on their profile card. */
export interface ProfilePrivacy {
  hideBalance?: boolean;
  hideLevel?: boolean;
}

/** The seed's Profile: one per user across every guild (what a guild shows of it may differ). */
@Entity({ name: 'profile' })
export class Profile {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint', unique: true })
  userId!: string;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  customTitle!: string | null;

  /** `#rrggbb`. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  accent!: string | null;

  /** `YYYY-MM-DD`; the year is 2000 (a leap year, for 29 February) when the member did not give theirs. */
  @Column({ type: 'date', nullable: true })
  birthday!: string | null;

  /** IANA zone the birthday begins in (UTC when not given). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone!: string | null;

  @Column({ type: 'jsonb', default: {} })
  socials!: Socials;

  /** Privacy settings ({@link ProfilePrivacy}). */
  @Column({ type: 'jsonb', default: {} })
  settings!: ProfilePrivacy;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
