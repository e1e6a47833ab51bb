import { InteractionHandlerTypes, UserError, type InteractionHandler } from '@sapphire/framework';
import type { Interaction, ModalSubmitInteraction } from 'discord.js';
import { Permission } from '../../../src/permissions/enums';
import { PluginInteractionHandler } from '../../../src/pieces/PluginInteractionHandler';
import { replyWithError, respond } from '../../../src/pieces/respond';
import { WELCOME_EDIT_MODAL } from '../index';

/** Saves the greeting typed in the editor modal, through the same validation as `/plugins config`. */
export class WelcomeEditModalHandler extends PluginInteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isModalSubmit() && interaction.customId === WELCOME_EDIT_MODAL ? this.some() : this.none();
  }

  public override async run(interaction: ModalSubmitInteraction<'cached'>) {
    try {
      // Re-checked here: a modal can be submitted long after the button was allowed.
      if (!(await this.container.permissions.has(interaction.member, Permission.MANAGE_BOT_SETTINGS))) {
        throw new UserError({ identifier: 'MissingPermission', message: 'You need **MANAGE_BOT_SETTINGS** for that.' });
      }
      const message = interaction.fields.getTextInputValue('message');
      await this.container.guildSettings.setPluginSetting(
        interaction.guildId,
        'welcome',
        'message',
        JSON.stringify(message),
        interaction.user.id,
      );
      await respond(interaction, 'Saved. New members will now be greeted with:\n>>> ' + message, { ephemeral: true });
    } catch (error) {
      await replyWithError(interaction, error, 'Saving the welcome greeting');
    }
  }
}
