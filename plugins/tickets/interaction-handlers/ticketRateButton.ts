import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type Interaction,
} from 'discord.js';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { TicketIds } from '../ids';

/** A 1–5 rating button under the closed-ticket DM: asks for an optional comment, rating included in the modal id. */
export class TicketRateButtonHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = {
    own: "shows the rating form; submitting it stores a rating only for the ticket's opener",
  };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    if (!interaction.isButton() || !interaction.customId.startsWith(TicketIds.ratePrefix)) return this.none();
    const [ticketId, rating] = interaction.customId.slice(TicketIds.ratePrefix.length).split(':').map(Number);
    return Number.isInteger(ticketId) && rating! >= 1 && rating! <= 5
      ? this.some({ ticketId: ticketId!, rating: rating! })
      : this.none();
  }

  public override async run(
    interaction: ButtonInteraction,
    { ticketId, rating }: { ticketId: number; rating: number },
  ) {
    await interaction.showModal(
      new ModalBuilder()
        .setCustomId(`${TicketIds.feedbackModalPrefix}${ticketId}:${rating}`)
        .setTitle(`Your rating: ${'★'.repeat(rating)}`)
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId('comment')
              .setLabel('Anything to add? (optional)')
              .setStyle(TextInputStyle.Paragraph)
              .setMaxLength(1000)
              .setRequired(false),
          ),
        ),
    );
  }
}
