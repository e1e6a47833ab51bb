import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { Interaction, ModalSubmitInteraction } from 'discord.js';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { TicketIds } from '../ids';

/** Stores the opener's rating and comment, once per ticket. */
export class TicketFeedbackModalHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { own: "the ticket's opener: the rating is stored only for them" };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parseEnabled(interaction: Interaction) {
    if (!interaction.isModalSubmit() || !interaction.customId.startsWith(TicketIds.feedbackModalPrefix))
      return this.none();
    const [ticketId, rating] = interaction.customId.slice(TicketIds.feedbackModalPrefix.length).split(':').map(Number);
    return Number.isInteger(ticketId) && rating! >= 1 && rating! <= 5
      ? this.some({ ticketId: ticketId!, rating: rating! })
      : this.none();
  }

  public override async run(
    interaction: ModalSubmitInteraction,
    { ticketId, rating }: { ticketId: number; rating: number },
  ) {
    const comment = interaction.fields.getTextInputValue('comment').trim().slice(0, 1000) || null;
    const saved = await this.container.tickets.repository.rate(ticketId, interaction.user.id, rating, comment);
    await respond(
      interaction,
      saved ? `Thank you for your feedback (${'★'.repeat(rating)}).` : 'This ticket has already been rated.',
      { ephemeral: true },
    );
  }
}
