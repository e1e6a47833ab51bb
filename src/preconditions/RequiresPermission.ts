import type { Precondition } from '@sapphire/framework';
import type { GuildMember } from 'discord.js';
import type { Permission, UserRole } from '../permissions/enums';
import { missingPermissionMessage } from '../plugin-kit/componentAccess';
import { MemberPrecondition } from '../plugin-kit/MemberPrecondition';

export interface RequiresPermissionContext extends Precondition.Context {
  permission: Permission;
}

/**
 * `preconditions: [{ name: 'RequiresPermission', context: { permission: Permission.BAN_USER } }]`: the member needs
 * the permission in this guild (role defaults plus the guild's grants and revokes). Guild-only.
 */
export class RequiresPermissionPrecondition extends MemberPrecondition<RequiresPermissionContext> {
  protected override async checkMember(member: GuildMember, { permission }: RequiresPermissionContext) {
    if (await this.container.permissions.has(member, permission)) return this.ok();
    return this.error({
      message: missingPermissionMessage(permission),
      context: { permission },
    });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    RequiresPermission: RequiresPermissionContext;
    RequiresRole: { role: UserRole };
    PluginEnabled: never;
  }
}
