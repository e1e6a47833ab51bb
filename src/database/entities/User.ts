import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { enumArrayTransformer } from '../enumArrayTransformer';
import { Permission, UserRole } from '../../permissions/enums';

/**
 * A Discord user, global across guilds (the seed's `User`). Per-guild data lives in the plugins' tables.
 * `role` and `permissions` are bot-wide (granted by the bot's developers); per-guild roles come from Discord.
 */
@Entity({ name: 'users' })
export class User {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  // Not unique, unlike the seed: Discord usernames are released on rename and taken by others, and a
  // stale row must not block the new owner's row.
  @Index()
  @Column({ type: 'varchar', length: 100 })
  username!: string;

  @Index({ unique: true, where: 'email IS NOT NULL' })
  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'enum', enum: UserRole, enumName: 'user_role', default: UserRole.USER })
  role!: UserRole;

  @Column({
    type: 'enum',
    enum: Permission,
    enumName: 'user_permission',
    array: true,
    default: () => "'{}'",
    transformer: enumArrayTransformer,
  })
  permissions!: Permission[];

  @Column({ type: 'boolean', default: false })
  isBanned!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  bannedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  banReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
