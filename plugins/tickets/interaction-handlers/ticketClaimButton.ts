import { InteractionHandlerTypes, UserError, type InteractionHandler } from '@sapphire/framework';
import { userMention, type ButtonInteraction, type Interaction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { TicketIds } from '../ids';
import { ticketNumberLabel } from '../services/TicketRepository';

/** The "Claim" button on a ticket's first message: same as `/ticket claim`. */
export class TicketClaimButtonHandler extends PluginInteractionHandler {
  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    return interaction.isButton() && interaction.customId === TicketIds.claimButton ? this.some() : this.none();
  }

  public override async run(interaction: ButtonInteraction<'cached'>) {
    if (!(await this.container.permissions.has(interaction.member, Permission.PROVIDE_SUPPORT))) {
      throw new UserError({
        identifier: 'MissingPermission',
        message: 'You need the **PROVIDE_SUPPORT** permission to claim tickets.',
      });
    }
    const service = this.container.tickets;
    const ticket = await service.ticketIn(interaction.guildId, interaction.channelId);
    const claimed = await service.staff.claim(interaction.guild, ticket, interaction.member);
    await respond(interaction, {
      content: `${userMention(interaction.user.id)} claimed ticket #${ticketNumberLabel(claimed.number)}.`,
      allowedMentions: { parse: [] },
    });
  }
}
