import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A greeting that deletes itself later: the row is what is owed (it outlives a Redis restart), its job in Redis only
 * wakes it up. Removed once the greeting is deleted.
 */
@Entity({ name: 'welcome_greeting' })
@Index(['guildId'])
export class WelcomeGreeting {
  @PrimaryColumn({ type: 'bigint' })
  messageId!: string;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'bigint' })
  channelId!: string;

  @Column({ type: 'timestamptz' })
  deleteAt!: Date;
}
