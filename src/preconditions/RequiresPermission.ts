import { AllFlowsPrecondition, type Command, type Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Guild, Message, User } from 'discord.js';
import { Permission } from '../permissions/enums';

export interface RequiresPermissionContext extends Precondition.Context {
  permission: Permission;
}

/**
 * `preconditions: [{ name: 'RequiresPermission', context: { permission: Permission.BAN_USER } }]`: the member needs
 * the permission in this guild (role defaults plus the guild's grants and revokes). Guild-only.
 */
export class RequiresPermissionPrecondition extends AllFlowsPrecondition {
  public override chatInputRun(
    interaction: ChatInputCommandInteraction,
    _command: Command,
    context: RequiresPermissionContext,
  ) {
    return this.check(interaction.guild, interaction.user, context.permission);
  }

  public override contextMenuRun(
    interaction: ContextMenuCommandInteraction,
    _command: Command,
    context: RequiresPermissionContext,
  ) {
    return this.check(interaction.guild, interaction.user, context.permission);
  }

  public override messageRun(message: Message, _command: Command, context: RequiresPermissionContext) {
    return this.check(message.guild, message.author, context.permission);
  }

  private async check(guild: Guild | null, user: User, permission: Permission) {
    if (!guild) return this.error({ message: 'That command only works in a server.' });
    const member = await guild.members.fetch(user.id);
    if (await this.container.permissions.has(member, permission)) return this.ok();
    return this.error({
      message: `You need the **${permission}** permission for that. A server admin can grant it with \`/permissions grant\`.`,
      context: { permission },
    });
  }
}

declare module '@sapphire/framework' {
  interface Preconditions {
    RequiresPermission: RequiresPermissionContext;
    RequiresRole: { role: import('../permissions/enums').UserRole };
    PluginEnabled: never;
  }
}
