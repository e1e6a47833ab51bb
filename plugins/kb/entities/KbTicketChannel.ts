import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The channels of open tickets, learnt from the tickets plugin's `ticketOpened`/`ticketClosed` events (the KB does
 * not import that plugin), so a restarted bot still knows where to suggest answers.
 */
@Entity({ name: 'kb_ticket_channel' })
@Index(['guildId'])
export class KbTicketChannel {
  @PrimaryColumn({ type: 'bigint' })
  channelId!: string;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'integer' })
  ticketId!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  openedAt!: Date;
}
