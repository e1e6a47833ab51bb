import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A birthday announced in a guild in a year: the row that makes it once per year, across restarts and processes. */
@Entity({ name: 'profile_birthday_announcement' })
export class BirthdayAnnouncement {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  @PrimaryColumn({ type: 'int' })
  year!: number;

  @Column({ type: 'bigint', nullable: true })
  messageId!: string | null;

  /** The birthday role given for the day, until it is taken back (then null). */
  @Column({ type: 'bigint', nullable: true })
  roleId!: string | null;

  /** When the member's local day ends and the role is taken back. */
  @Column({ type: 'timestamptz', nullable: true })
  roleEndsAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A guild where a member asked for their birthday to be announced (`/birthday set` there). */
@Entity({ name: 'profile_birthday_guild' })
export class BirthdayGuild {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;
}
