import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The last ticket number handed out in a guild; incremented atomically with `INSERT … ON CONFLICT DO UPDATE`. */
@Entity({ name: 'ticket_counter' })
@Check('ticket_counter_positive', 'last_number > 0')
export class TicketCounter {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'integer' })
  lastNumber!: number;
}
