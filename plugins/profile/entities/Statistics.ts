import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The seed's Statistics, per guild and member: counters fed by events (in batches), and when they were last active. */
@Entity({ name: 'profile_statistics' })
export class Statistics {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  @Column({ type: 'int', default: 0 })
  commandsUsed!: number;

  @Column({ type: 'int', default: 0 })
  ticketsClosed!: number;

  @Column({ type: 'int', default: 0 })
  messagesDeleted!: number;

  @Column({ type: 'int', default: 0 })
  usersBanned!: number;

  @Column({ type: 'int', default: 0 })
  usersUnbanned!: number;

  @Column({ type: 'int', default: 0 })
  warningsGiven!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastActive!: Date;
}
