import { expect } from 'chai';
import {
  PermissionEffect,
  type PermissionOverride,
  PermissionSubject,
} from '../../src/database/entities/PermissionOverride';
import { effectivePermissions } from '../../src/permissions/effectivePermissions';
import { Permission, UserRole } from '../../src/permissions/enums';
import { resolveUserRole, type MemberFacts } from '../../src/permissions/roleMapping';

const config = {
  adminRoleId: '100000000000000001',
  modRoleId: '100000000000000002',
  supportRoleId: '100000000000000003',
};
const owners = ['900000000000000009'];

function member(overrides: Partial<MemberFacts> = {}): MemberFacts {
  return { userId: '500000000000000005', isGuildOwner: false, isAdministrator: false, roleIds: [], ...overrides };
}

describe('permissions', () => {
  describe('role mapping from Discord', () => {
    const cases: [string, MemberFacts, UserRole][] = [
      ['a plain member', member(), UserRole.USER],
      ['the guild owner', member({ isGuildOwner: true }), UserRole.ADMIN],
      ['a member with Administrator', member({ isAdministrator: true }), UserRole.ADMIN],
      ['a member with the admin role', member({ roleIds: [config.adminRoleId] }), UserRole.ADMIN],
      ['a member with the mod role', member({ roleIds: [config.modRoleId] }), UserRole.MODERATOR],
      ['a member with the support role', member({ roleIds: [config.supportRoleId] }), UserRole.SUPPORT_AGENT],
      [
        'a member with mod and support roles',
        member({ roleIds: [config.supportRoleId, config.modRoleId] }),
        UserRole.MODERATOR,
      ],
      ['a bot owner', member({ userId: owners[0] }), UserRole.DEVELOPER],
      ['a bot owner who is guild owner', member({ userId: owners[0], isGuildOwner: true }), UserRole.ADMIN],
    ];
    for (const [who, facts, role] of cases) {
      it(`${who} → ${role}`, () => expect(resolveUserRole(facts, config, owners)).to.equal(role));
    }

    it('ignores unset staff roles', () => {
      const none = { adminRoleId: null, modRoleId: null, supportRoleId: null };
      expect(resolveUserRole(member({ roleIds: [config.adminRoleId] }), none, [])).to.equal(UserRole.USER);
    });
  });

  describe('default permission sets', () => {
    const sample = [
      Permission.CREATE_TICKET,
      Permission.VIEW_KB,
      Permission.PROVIDE_SUPPORT,
      Permission.CLOSE_TICKET,
      Permission.WARN_USER,
      Permission.BAN_USER,
      Permission.TIMEOUT_USER,
      Permission.MANAGE_BOT_SETTINGS,
      Permission.VIEW_SYSTEM_STATUS,
      Permission.MANAGE_SUPPORT_AGENTS,
    ];
    // Rows: roles; columns: the sample above, in order.
    const table: Record<UserRole, boolean[]> = {
      [UserRole.USER]: [true, true, false, false, false, false, false, false, false, false],
      [UserRole.SUPPORT_AGENT]: [true, true, true, true, false, false, false, false, false, false],
      [UserRole.MODERATOR]: [true, true, true, true, true, true, true, false, false, false],
      [UserRole.DEVELOPER]: [true, true, true, true, true, true, true, true, true, true],
      [UserRole.ADMIN]: [true, true, true, true, true, true, true, true, true, true],
    };
    for (const [role, expected] of Object.entries(table) as [UserRole, boolean[]][]) {
      it(`${role}`, () => {
        const permissions = effectivePermissions(role, member(), []);
        expect(sample.map((permission) => permissions.has(permission))).to.deep.equal(expected);
      });
    }
  });

  describe('per-guild overrides', () => {
    const roleId = '700000000000000007';
    const override = (
      subjectType: PermissionSubject,
      subjectId: string,
      permission: Permission,
      effect: PermissionEffect,
    ) => ({ subjectType, subjectId, permission, effect }) as PermissionOverride;

    it('a grant on one of the member roles adds the permission', () => {
      const overrides = [override(PermissionSubject.ROLE, roleId, Permission.BAN_USER, PermissionEffect.GRANT)];
      expect(
        effectivePermissions(UserRole.USER, member({ roleIds: [roleId] }), overrides).has(Permission.BAN_USER),
      ).to.equal(true);
      expect(effectivePermissions(UserRole.USER, member(), overrides).has(Permission.BAN_USER)).to.equal(false);
    });

    it('a member-level revoke beats a role-level grant', () => {
      const m = member({ roleIds: [roleId] });
      const overrides = [
        override(PermissionSubject.ROLE, roleId, Permission.BAN_USER, PermissionEffect.GRANT),
        override(PermissionSubject.MEMBER, m.userId, Permission.BAN_USER, PermissionEffect.REVOKE),
      ];
      expect(effectivePermissions(UserRole.USER, m, overrides).has(Permission.BAN_USER)).to.equal(false);
    });

    it('a revoke removes a role default', () => {
      const m = member();
      const overrides = [
        override(PermissionSubject.MEMBER, m.userId, Permission.CREATE_TICKET, PermissionEffect.REVOKE),
      ];
      expect(effectivePermissions(UserRole.USER, m, overrides).has(Permission.CREATE_TICKET)).to.equal(false);
    });
  });
});
