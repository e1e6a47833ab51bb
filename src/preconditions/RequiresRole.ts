import type { Precondition } from '@sapphire/framework';
import type { GuildMember } from 'discord.js';
import { USER_ROLE_RANK, type UserRole } from '../permissions/enums';
import { MemberPrecondition } from '../plugin-kit/MemberPrecondition';

interface RequiresRoleContext extends Precondition.Context {
  role: UserRole;
}

/** `{ name: 'RequiresRole', context: { role: UserRole.ADMIN } }`: the member's role must be at least this one. */
export class RequiresRolePrecondition extends MemberPrecondition<RequiresRoleContext> {
  protected override async checkMember(member: GuildMember, { role }: RequiresRoleContext) {
    const access = await this.container.permissions.accessOf(member);
    if (USER_ROLE_RANK[access.role] >= USER_ROLE_RANK[role]) return this.ok();
    return this.error({ message: `Only members with the **${role}** role can do that (yours is ${access.role}).` });
  }
}
