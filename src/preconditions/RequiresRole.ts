import { AllFlowsPrecondition, type Command, type Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Guild, Message, User } from 'discord.js';
import { USER_ROLE_RANK, type UserRole } from '../permissions/enums';

interface RequiresRoleContext extends Precondition.Context {
  role: UserRole;
}

/** `{ name: 'RequiresRole', context: { role: UserRole.ADMIN } }`: the member's role must be at least this one. */
export class RequiresRolePrecondition extends AllFlowsPrecondition {
  public override chatInputRun(
    interaction: ChatInputCommandInteraction,
    _command: Command,
    context: RequiresRoleContext,
  ) {
    return this.check(interaction.guild, interaction.user, context.role);
  }

  public override contextMenuRun(
    interaction: ContextMenuCommandInteraction,
    _command: Command,
    context: RequiresRoleContext,
  ) {
    return this.check(interaction.guild, interaction.user, context.role);
  }

  public override messageRun(message: Message, _command: Command, context: RequiresRoleContext) {
    return this.check(message.guild, message.author, context.role);
  }

  private async check(guild: Guild | null, user: User, role: UserRole) {
    if (!guild) return this.error({ message: 'That command only works in a server.' });
    const member = await guild.members.fetch(user.id);
    const access = await this.container.permissions.accessOf(member);
    if (USER_ROLE_RANK[access.role] >= USER_ROLE_RANK[role]) return this.ok();
    return this.error({ message: `Only members with the **${role}** role can do that (yours is ${access.role}).` });
  }
}
