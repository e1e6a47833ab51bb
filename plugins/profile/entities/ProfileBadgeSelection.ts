import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The badge a member shows highlighted in a guild (a badge of one server is never shown in another). */
@Entity({ name: 'profile_badge_selection' })
export class ProfileBadgeSelection {
  @PrimaryColumn({ type: 'bigint' })
  guildId!: string;

  @PrimaryColumn({ type: 'bigint' })
  userId!: string;

  /** The achievements plugin's badge id (no foreign key: that plugin owns the table and may not be installed). */
  @Column({ type: 'int' })
  badgeId!: number;
}
