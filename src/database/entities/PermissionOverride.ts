import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Permission } from '../../permissions/enums';

export enum PermissionSubject {
  MEMBER = 'MEMBER',
  ROLE = 'ROLE',
}

export enum PermissionEffect {
  GRANT = 'GRANT',
  REVOKE = 'REVOKE',
}

/** A per-guild grant or revoke of one permission for a member or a Discord role, on top of role defaults. */
@Entity({ name: 'permission_override' })
@Index(['guildId', 'subjectType', 'subjectId', 'permission'], { unique: true })
export class PermissionOverride {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'bigint' })
  guildId!: string;

  @Column({ type: 'enum', enum: PermissionSubject, enumName: 'permission_subject' })
  subjectType!: PermissionSubject;

  /** A user id or a role id, per `subjectType`. */
  @Column({ type: 'bigint' })
  subjectId!: string;

  @Column({ type: 'enum', enum: Permission, enumName: 'override_permission' })
  permission!: Permission;

  @Column({ type: 'enum', enum: PermissionEffect, enumName: 'permission_effect' })
  effect!: PermissionEffect;

  @Column({ type: 'bigint' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
