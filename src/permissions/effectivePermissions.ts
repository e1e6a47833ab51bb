import { PermissionEffect, type PermissionOverride, PermissionSubject } from '../database/entities/PermissionOverride';
import { DEFAULT_PERMISSIONS } from './defaults';
import type { Permission, UserRole } from './enums';
import type { MemberFacts } from './roleMapping';

/**
 * A member's permissions: their role's defaults, then grants and revokes on any of their Discord roles, then grants
 * and revokes on the member themselves — so a member-level revoke beats a role-level grant.
 */
export function effectivePermissions(
  role: UserRole,
  member: MemberFacts,
  overrides: readonly PermissionOverride[],
): Set<Permission> {
  const permissions = new Set(DEFAULT_PERMISSIONS[role]);
  const apply = (subject: PermissionSubject, applies: (subjectId: string) => boolean) => {
    for (const effect of [PermissionEffect.GRANT, PermissionEffect.REVOKE]) {
      for (const override of overrides) {
        if (override.subjectType !== subject || override.effect !== effect || !applies(override.subjectId)) continue;
        if (effect === PermissionEffect.GRANT) permissions.add(override.permission);
        else permissions.delete(override.permission);
      }
    }
  };
  apply(PermissionSubject.ROLE, (roleId) => member.roleIds.includes(roleId));
  apply(PermissionSubject.MEMBER, (userId) => userId === member.userId);
  return permissions;
}
