import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A guild's activity on one UTC day: the time series behind `/stats server`'s chart. */
@Entity({ name: 'profile_daily_statistics' })
export class DailyStatistics {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  /** `YYYY-MM-DD` (UTC). */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'int', default: 0 })
  messages!: number;

  @Column({ type: 'int', default: 0 })
  commands!: number;

  @Column({ type: 'int', default: 0 })
  ticketsOpened!: number;

  @Column({ type: 'int', default: 0 })
  ticketsClosed!: number;

  @Column({ type: 'int', default: 0 })
  moderationActions!: number;
}
