import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import { userMention, type ButtonInteraction, type Interaction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { TicketIds } from '../ids';
import { ticketNumberLabel } from '../services/TicketRepository';

/** The "Claim" button on a ticket's first message: same as `/ticket claim`. */
export class TicketClaimButtonHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { permission: Permission.PROVIDE_SUPPORT };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isButton() && interaction.customId === TicketIds.claimButton ? this.some() : this.none();
  }

  public override async run(interaction: ButtonInteraction<'cached'>) {
    const service = this.container.tickets;
    const ticket = await service.ticketIn(interaction.guildId, interaction.channelId);
    const claimed = await service.staff.claim(interaction.guild, ticket, interaction.member);
    await respond(interaction, {
      content: `${userMention(interaction.user.id)} claimed ticket #${ticketNumberLabel(claimed.number)}.`,
      allowedMentions: { parse: [] },
    });
  }
}
