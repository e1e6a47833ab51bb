import { ALL_PERMISSIONS, Permission, UserRole } from './enums';

const USER: readonly Permission[] = [Permission.CREATE_TICKET, Permission.VIEW_TICKET, Permission.VIEW_KB];

const SUPPORT_AGENT: readonly Permission[] = [
  ...USER,
  Permission.CLOSE_TICKET,
  Permission.ASSIGN_TICKET,
  Permission.ESCALATE_TICKET,
  Permission.VIEW_ALL_TICKETS,
  Permission.PROVIDE_SUPPORT,
  Permission.VIEW_SUPPORT_QUEUE,
  Permission.VIEW_USER_INFO,
  Permission.CREATE_KB,
  Permission.EDIT_KB,
];

const MODERATOR: readonly Permission[] = [
  ...SUPPORT_AGENT,
  Permission.MANAGE_TICKETS,
  Permission.WARN_USER,
  Permission.TIMEOUT_USER,
  Permission.BAN_USER,
  Permission.UNBAN_USER,
  Permission.DELETE_MESSAGES,
  Permission.MANAGE_THREADS,
  Permission.VIEW_AUDIT_LOGS,
  Permission.VERIFY_KB,
  Permission.DELETE_KB,
  Permission.VIEW_SERVER_STATUS,
];

/**
 * What each role may do before any per-guild grant or revoke. Admins (guild owner, Administrator, the configured
 * admin role) and the bot's developers may do everything.
 */
export const DEFAULT_PERMISSIONS: Record<UserRole, ReadonlySet<Permission>> = {
  [UserRole.USER]: new Set(USER),
  [UserRole.SUPPORT_AGENT]: new Set(SUPPORT_AGENT),
  [UserRole.MODERATOR]: new Set(MODERATOR),
  [UserRole.DEVELOPER]: new Set(ALL_PERMISSIONS),
  [UserRole.ADMIN]: new Set(ALL_PERMISSIONS),
};
