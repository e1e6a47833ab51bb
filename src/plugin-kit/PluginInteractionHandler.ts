import { InteractionHandler, type Option } from '@sapphire/framework';
import { MessageFlags, type Interaction } from 'discord.js';
import { disabledPluginMessage, isPieceEnabledIn } from './pluginGate';

/**
 * Base of every plugin interaction handler (buttons, menus, modals): when the plugin is disabled in the guild, a
 * matching interaction gets the disabled-plugin explanation instead of running. Implement `parseEnabled` instead of
 * `parse`.
 */
export abstract class PluginInteractionHandler extends InteractionHandler {
  public override async parse(interaction: Interaction): Promise<Option<unknown>> {
    const parsed = await this.parseEnabled(interaction);
    if (parsed.isNone() || (await isPieceEnabledIn(this, interaction.guildId))) return parsed;
    if (interaction.isRepliable()) {
      await interaction.reply({
        content: disabledPluginMessage(this.container.plugins.ofPiece(this)!.name),
        flags: MessageFlags.Ephemeral,
      });
    }
    return this.none();
  }

  public abstract parseEnabled(interaction: Interaction): Option<unknown> | Promise<Option<unknown>>;
}
