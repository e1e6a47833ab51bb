import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { ButtonInteraction, Interaction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { TicketIds } from '../ids';
import { openTicketModal } from '../lib/components';

/** The panel's "Open a ticket" button: asks for a title and description, unless the member is at their limit. */
export class TicketOpenButtonHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { permission: Permission.CREATE_TICKET };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isButton() && interaction.customId === TicketIds.openButton ? this.some() : this.none();
  }

  public override async run(interaction: ButtonInteraction<'cached'>) {
    await this.container.tickets.opening.assertMayOpen(interaction.member);
    await interaction.showModal(openTicketModal());
  }
}
