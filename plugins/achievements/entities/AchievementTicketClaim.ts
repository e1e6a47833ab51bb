import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who last claimed an open ticket (from `ticketClaimed`): credited with HELP when it closes, then removed. */
@Entity({ name: 'achievement_ticket_claim' })
export class AchievementTicketClaim {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'int' })
  ticketId!: number;

  @Column({ type: 'bigint' })
  agentId!: string;
}
