import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { Interaction, ModalSubmitInteraction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { settingsActorOf } from '#core/plugin-kit/guildConfig';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { WELCOME_EDIT_MODAL } from '../ids';
import welcome from '../index';

/** Saves the greeting typed in the editor modal, through the same validation as `/plugins config`. */
export class WelcomeEditModalHandler extends PluginInteractionHandler {
  // Checked on submit too: a modal can be submitted long after the button was allowed.
  public readonly access: ComponentAccess = { permission: Permission.MANAGE_BOT_SETTINGS };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isModalSubmit() && interaction.customId === WELCOME_EDIT_MODAL ? this.some() : this.none();
  }

  public override async run(interaction: ModalSubmitInteraction<'cached'>) {
    const message = interaction.fields.getTextInputValue('message');
    await welcome.setSetting(interaction.guildId, 'message', message, settingsActorOf(interaction));
    await respond(
      interaction,
      { content: `Saved. New members will now be greeted with:\n>>> ${message}`, allowedMentions: { parse: [] } },
      { ephemeral: true },
    );
  }
}
