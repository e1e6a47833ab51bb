import { AllFlowsPrecondition, type Command, type Precondition } from '@sapphire/framework';
import type {
  ChatInputCommandInteraction,
  ContextMenuCommandInteraction,
  GuildMember,
  Message,
  User,
  Guild,
} from 'discord.js';

/**
 * A guild-only precondition about the member running the command: resolves the member for slash, context-menu and
 * prefix commands alike, and leaves the decision to `checkMember`.
 */
export abstract class MemberPrecondition<Context extends Precondition.Context> extends AllFlowsPrecondition {
  public override chatInputRun(interaction: ChatInputCommandInteraction, _command: Command, context: Context) {
    return this.resolve(interaction.guild, interaction.user, context);
  }

  public override contextMenuRun(interaction: ContextMenuCommandInteraction, _command: Command, context: Context) {
    return this.resolve(interaction.guild, interaction.user, context);
  }

  public override messageRun(message: Message, _command: Command, context: Context) {
    return this.resolve(message.guild, message.author, context);
  }

  protected abstract checkMember(member: GuildMember, context: Context): AllFlowsPrecondition.AsyncResult;

  private async resolve(guild: Guild | null, user: User, context: Context) {
    if (!guild) return this.error({ message: 'That command only works in a server.' });
    return this.checkMember(await guild.members.fetch(user.id), context);
  }
}
