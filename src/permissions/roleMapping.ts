import { USER_ROLE_RANK, UserRole } from './enums';

/** What the role mapping needs to know about a member, read off Discord. */
export interface MemberFacts {
  userId: string;
  isGuildOwner: boolean;
  /** Has Discord's Administrator permission. */
  isAdministrator: boolean;
  roleIds: readonly string[];
}

export interface RoleMappingConfig {
  adminRoleId: string | null;
  modRoleId: string | null;
  supportRoleId: string | null;
}

/**
 * A member's role in a guild: guild owner or Administrator → ADMIN; the configured admin, mod and support roles →
 * ADMIN, MODERATOR, SUPPORT_AGENT; bot owners → DEVELOPER; otherwise USER. The highest that applies wins.
 */
export function resolveUserRole(member: MemberFacts, config: RoleMappingConfig, ownerIds: readonly string[]): UserRole {
  const candidates: UserRole[] = [UserRole.USER];
  if (member.isGuildOwner || member.isAdministrator) candidates.push(UserRole.ADMIN);
  if (config.adminRoleId && member.roleIds.includes(config.adminRoleId)) candidates.push(UserRole.ADMIN);
  if (config.modRoleId && member.roleIds.includes(config.modRoleId)) candidates.push(UserRole.MODERATOR);
  if (config.supportRoleId && member.roleIds.includes(config.supportRoleId)) candidates.push(UserRole.SUPPORT_AGENT);
  if (ownerIds.includes(member.userId)) candidates.push(UserRole.DEVELOPER);
  return candidates.reduce((best, role) => (USER_ROLE_RANK[role] > USER_ROLE_RANK[best] ? role : best));
}
