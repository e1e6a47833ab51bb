import { PermissionFlagsBits, type GuildMember } from 'discord.js';
import type { DataSource } from 'typeorm';
import {
  type PermissionEffect,
  PermissionOverride,
  type PermissionSubject,
} from '../database/entities/PermissionOverride';
import type { GuildSettings } from '../guilds/GuildSettings';
import { effectivePermissions } from './effectivePermissions';
import type { Permission, UserRole } from './enums';
import { resolveUserRole, type MemberFacts } from './roleMapping';

export interface MemberAccess {
  role: UserRole;
  permissions: Set<Permission>;
}

/** Answers "may this member do X here", from Discord roles, the guild's role settings and its overrides. */
export class PermissionService {
  public constructor(
    private readonly dataSource: DataSource,
    private readonly guildSettings: GuildSettings,
    private readonly ownerIds: readonly string[],
  ) {}

  public async accessOf(member: GuildMember): Promise<MemberAccess> {
    const state = await this.guildSettings.get(member.guild.id);
    const facts = memberFacts(member);
    const role = resolveUserRole(facts, state.config, this.ownerIds);
    return { role, permissions: effectivePermissions(role, facts, state.permissionOverrides) };
  }

  public async has(member: GuildMember, permission: Permission): Promise<boolean> {
    return (await this.accessOf(member)).permissions.has(permission);
  }

  /** Grants or revokes one permission for a member or role, replacing an earlier override of the same pair. */
  public async setOverride(
    guildId: string,
    subjectType: PermissionSubject,
    subjectId: string,
    permission: Permission,
    effect: PermissionEffect,
    actorId: string,
  ): Promise<void> {
    await this.dataSource
      .getRepository(PermissionOverride)
      .upsert({ guildId, subjectType, subjectId, permission, effect, createdBy: actorId }, [
        'guildId',
        'subjectType',
        'subjectId',
        'permission',
      ]);
    await this.guildSettings.invalidate(guildId);
  }

  /** Removes the override of a pair, going back to the role defaults; false when there was none. */
  public async clearOverride(
    guildId: string,
    subjectType: PermissionSubject,
    subjectId: string,
    permission: Permission,
  ): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(PermissionOverride)
      .delete({ guildId, subjectType, subjectId, permission });
    await this.guildSettings.invalidate(guildId);
    return (result.affected ?? 0) > 0;
  }

  public async overridesFor(guildId: string, subjectType: PermissionSubject, subjectId: string) {
    const state = await this.guildSettings.get(guildId);
    return state.permissionOverrides.filter(
      (override) => override.subjectType === subjectType && override.subjectId === subjectId,
    );
  }
}

export function memberFacts(member: GuildMember): MemberFacts {
  return {
    userId: member.id,
    isGuildOwner: member.guild.ownerId === member.id,
    isAdministrator: member.permissions.has(PermissionFlagsBits.Administrator),
    roleIds: [...member.roles.cache.keys()],
  };
}
