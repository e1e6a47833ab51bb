import { AllFlowsPrecondition, type Command } from '@sapphire/framework';
import type { ChatInputCommandInteraction, ContextMenuCommandInteraction, Message } from 'discord.js';
import { disabledPluginMessage, isPieceEnabledIn } from '../plugin-kit/pluginGate';

/** Global (it has a position): refuses every command of a plugin that is disabled in the guild. */
export class PluginEnabledPrecondition extends AllFlowsPrecondition {
  public constructor(context: AllFlowsPrecondition.LoaderContext, options: AllFlowsPrecondition.Options) {
    super(context, { ...options, position: 10 });
  }

  public override chatInputRun(interaction: ChatInputCommandInteraction, command: Command) {
    return this.check(command, interaction.guildId);
  }

  public override contextMenuRun(interaction: ContextMenuCommandInteraction, command: Command) {
    return this.check(command, interaction.guildId);
  }

  public override messageRun(message: Message, command: Command) {
    return this.check(command, message.guildId);
  }

  private async check(command: Command, guildId: string | null) {
    if (await isPieceEnabledIn(command, guildId)) return this.ok();
    return this.error({ message: disabledPluginMessage(this.container.plugins.ofPiece(command)!.name) });
  }
}
