import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type Interaction,
} from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { WELCOME_EDIT_BUTTON, WELCOME_EDIT_MODAL } from '../ids';
import welcome from '../index';

/** The "Edit greeting" button under /welcome: opens a modal holding the current greeting (settings managers only). */
export class WelcomeEditButtonHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { permission: Permission.MANAGE_BOT_SETTINGS };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isButton() && interaction.customId === WELCOME_EDIT_BUTTON ? this.some() : this.none();
  }

  public override async run(interaction: ButtonInteraction<'cached'>) {
    const settings = await welcome.settings(interaction.guildId);
    const input = new TextInputBuilder()
      .setCustomId('message')
      .setLabel('Greeting ({user} {username} {server} {count})')
      .setStyle(TextInputStyle.Paragraph)
      .setMaxLength(1500)
      .setValue(settings.message);
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(WELCOME_EDIT_MODAL)
        .setTitle('Edit the welcome greeting')
        .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input)),
    );
  }
}
