import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Something a member asked to be reminded of. The row is the source of truth; its job in Redis only wakes it up. */
@Entity({ name: 'reminder' })
@Index(['guildId', 'userId'])
export class Reminder {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  userId!: string;

  /** Where the reminder is posted. */
  @Column({ type: 'bigint' })
  channelId!: string;

  @Column({ type: 'varchar', length: 500 })
  text!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Set when posted; a reminder is posted once. */
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
