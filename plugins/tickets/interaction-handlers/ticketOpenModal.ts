import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import { channelMention, MessageFlags, type Interaction, type ModalSubmitInteraction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { TicketIds } from '../ids';

/** Opens the ticket described in the modal; the limits are enforced here, in the database, race-free. */
export class TicketOpenModalHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { permission: Permission.CREATE_TICKET };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isModalSubmit() && interaction.customId === TicketIds.openModal ? this.some() : this.none();
  }

  public override async run(interaction: ModalSubmitInteraction<'cached'>) {
    // Creating a channel and posting in it can take longer than Discord's 3 seconds.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { channel } = await this.container.tickets.opening.open(
      interaction.member,
      interaction.fields.getTextInputValue('title'),
      interaction.fields.getTextInputValue('description'),
      interaction.channelId,
    );
    await respond(interaction, `Your ticket is open: ${channelMention(channel.id)}`, { ephemeral: true });
  }
}
