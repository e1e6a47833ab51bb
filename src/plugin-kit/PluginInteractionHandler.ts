import { InteractionHandler, type Option } from '@sapphire/framework';
import { MessageFlags, type Interaction } from 'discord.js';
import { clickerDenial, type ComponentAccess, type DeclaresComponentAccess } from './componentAccess';
import { disabledPluginMessage, isPieceEnabledIn } from './pluginGate';

/**
 * Base of every plugin interaction handler (buttons, menus, modals): when the plugin is disabled in the guild, a
 * matching interaction gets the disabled-plugin explanation instead of running; when the member who clicks lacks the
 * handler's declared `access`, they get the permission's refusal. Implement `parseEnabled` instead of `parse`.
 */
export abstract class PluginInteractionHandler extends InteractionHandler implements DeclaresComponentAccess {
  /** Who may use the components this handler answers, checked for the clicker (see `componentAccess.ts`). */
  public abstract readonly access: ComponentAccess;

  public override async parse(interaction: Interaction): Promise<Option<unknown>> {
    const parsed = await this.parseEnabled(interaction);
    if (parsed.isNone()) return parsed;
    let refusal: string | null = null;
    if (!(await isPieceEnabledIn(this, interaction.guildId))) {
      refusal = disabledPluginMessage(this.container.plugins.ofPiece(this)!.name);
    } else {
      refusal = await clickerDenial(this.accessFor(parsed.unwrap()), interaction);
    }
    if (refusal === null) return parsed;
    if (interaction.isRepliable()) await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
    return this.none();
  }

  /** The access for one parsed interaction; override when it depends on what was clicked (add vs edit). */
  protected accessFor(_parsed: unknown): ComponentAccess {
    return this.access;
  }

  public abstract parseEnabled(interaction: Interaction): Option<unknown> | Promise<Option<unknown>>;
}
