import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Things done once per guild, claimed by inserting their key: the default set seeded, a ticket counted (a ticket
 * reopened and closed again counts once). Claiming and counting share one statement.
 */
@Entity({ name: 'achievement_once' })
export class AchievementOnce {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
