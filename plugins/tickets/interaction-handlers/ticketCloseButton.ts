import { InteractionHandlerTypes, UserError, type InteractionHandler } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction, type Interaction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { TicketIds } from '../ids';
import { closeConfirmation } from '../lib/components';
import { ticketNumberLabel } from '../services/TicketRepository';

/**
 * The "Close" button and the opener's confirmation: staff close at once; the opener is asked first (the close button
 * is easy to press by mistake), then closes with the confirmation button.
 */
export class TicketCloseButtonHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = {
    own: "the ticket's opener, or staff with CLOSE_TICKET: checked against the ticket of the channel",
  };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    if (!interaction.isButton()) return this.none();
    if (interaction.customId === TicketIds.closeButton) return this.some(false);
    if (interaction.customId === TicketIds.closeConfirmButton) return this.some(true);
    return this.none();
  }

  public override async run(interaction: ButtonInteraction<'cached'>, confirmed: boolean) {
    const service = this.container.tickets;
    const ticket = await service.ticketIn(interaction.guildId, interaction.channelId);
    const staff = await this.container.permissions.has(interaction.member, Permission.CLOSE_TICKET);
    if (!staff && interaction.user.id !== ticket.userId) {
      throw new UserError({
        identifier: 'TicketNotYours',
        message: 'Only the opener or staff with **CLOSE_TICKET** can close this ticket.',
      });
    }
    if (!staff && !confirmed) {
      await respond(interaction, closeConfirmation(), { ephemeral: true });
      return;
    }
    await interaction.deferReply({ flags: confirmed ? MessageFlags.Ephemeral : undefined });
    await service.closing.close(interaction.guildId, ticket, interaction.user.id, null);
    await respond(interaction, `Ticket #${ticketNumberLabel(ticket.number)} closed.`);
  }
}
