import { PermissionFlagsBits, type GuildMember } from 'discord.js';
import type { EntityManager } from 'typeorm';
import {
  type PermissionEffect,
  PermissionOverride,
  type PermissionSubject,
} from '../database/entities/PermissionOverride';
import type { GuildSettings } from '../guilds/GuildSettings';
import type { SettingsActor } from '../guilds/settingsChanges';
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
    private readonly guildSettings: GuildSettings,
    private readonly ownerIds: readonly string[],
  ) {}

  public accessOf(member: GuildMember): Promise<MemberAccess> {
    return this.accessIn(member.guild.id, memberFacts(member));
  }

  /** {@link accessOf} from what is known of the member, wherever it was read (the gateway cache or REST). */
  public async accessIn(guildId: string, facts: MemberFacts): Promise<MemberAccess> {
    const state = await this.guildSettings.get(guildId);
    const role = resolveUserRole(facts, state.config, this.ownerIds);
    return { role, permissions: effectivePermissions(role, facts, state.permissionOverrides) };
  }

  public async has(member: GuildMember, permission: Permission): Promise<boolean> {
    return (await this.accessOf(member)).permissions.has(permission);
  }

  /**
   * Grants or revokes one permission for a member or role, replacing an earlier override of the same pair; recorded
   * as a settings change when it changes anything.
   */
  public async setOverride(
    guildId: string,
    subjectType: PermissionSubject,
    subjectId: string,
    permission: Permission,
    effect: PermissionEffect,
    actor: SettingsActor,
  ): Promise<void> {
    await this.guildSettings.change(guildId, actor, async (manager) => {
      const repository = manager.getRepository(PermissionOverride);
      const before = await this.lockOverride(manager, guildId, subjectType, subjectId, permission);
      await repository.upsert({ guildId, subjectType, subjectId, permission, effect, createdBy: actor.userId }, [
        'guildId',
        'subjectType',
        'subjectId',
        'permission',
      ]);
      const target = { kind: 'permission', subjectType, subjectId, permission } as const;
      const changes = before?.effect === effect ? [] : [{ target, before: before?.effect ?? null, after: effect }];
      return { result: undefined, changes };
    });
  }

  /** Removes the override of a pair, going back to the role defaults; false when there was none. */
  public async clearOverride(
    guildId: string,
    subjectType: PermissionSubject,
    subjectId: string,
    permission: Permission,
    actor: SettingsActor,
  ): Promise<boolean> {
    return this.guildSettings.change(guildId, actor, async (manager) => {
      const before = await this.lockOverride(manager, guildId, subjectType, subjectId, permission);
      if (!before) return { result: false, changes: [] };
      await manager.getRepository(PermissionOverride).delete({ id: before.id });
      const target = { kind: 'permission', subjectType, subjectId, permission } as const;
      return { result: true, changes: [{ target, before: before.effect, after: null }] };
    });
  }

  private lockOverride(
    manager: EntityManager,
    guildId: string,
    subjectType: PermissionSubject,
    subjectId: string,
    permission: Permission,
  ): Promise<PermissionOverride | null> {
    return manager.getRepository(PermissionOverride).findOne({
      where: { guildId, subjectType, subjectId, permission },
      lock: { mode: 'pessimistic_write' },
    });
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
