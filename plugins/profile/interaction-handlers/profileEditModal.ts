import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { Interaction, ModalSubmitInteraction } from 'discord.js';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { PROFILE_EDIT_FIELDS, PROFILE_EDIT_MODAL } from '../ids';

/** Saves the profile editor; invalid input is refused as a whole with the reason (the service throws UserError). */
export class ProfileEditModalHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { own: 'edits the profile of the member who submits it' };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isModalSubmit() && interaction.customId === PROFILE_EDIT_MODAL ? this.some() : this.none();
  }

  public override async run(interaction: ModalSubmitInteraction<'cached'>) {
    const value = (id: string) => {
      const field = interaction.fields.fields.get(id);
      return field && 'value' in field && typeof field.value === 'string' ? field.value : '';
    };
    const profile = await this.container.profile.edit(interaction.user.id, {
      bio: value(PROFILE_EDIT_FIELDS.bio),
      title: value(PROFILE_EDIT_FIELDS.title),
      accent: value(PROFILE_EDIT_FIELDS.accent),
    });
    await respond(
      interaction,
      {
        content: `Profile saved${profile.accent ? ` (accent ${profile.accent})` : ''}. See it with \`/profile view\`.`,
        allowedMentions: { parse: [] },
      },
      { ephemeral: true },
    );
  }
}
