import { InteractionHandlerTypes, type InteractionHandler } from '@sapphire/framework';
import type { ButtonInteraction, Interaction } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import type { ComponentAccess } from '#core/plugin-kit/componentAccess';
import { PluginInteractionHandler } from '#core/plugin-kit/PluginInteractionHandler';
import { respond } from '#core/plugin-kit/respond';
import { parseFeedbackButtonId } from '../ids';
import { formatRating, NO_PINGS } from '../lib/render';

/**
 * "This helped" / "Not helpful" under a suggested entry: the clicker's rating of it (5 or 1, changeable like any
 * rating), announced as `kbAnswerRated` for other plugins (achievements count HELP from it).
 */
export class KbFeedbackButtonHandler extends PluginInteractionHandler {
  public readonly access: ComponentAccess = { permission: Permission.VIEW_KB };

  public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
    super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
  }

  public override parseEnabled(interaction: Interaction) {
    if (!interaction.isButton()) return this.none();
    const parsed = parseFeedbackButtonId(interaction.customId);
    return parsed ? this.some(parsed) : this.none();
  }

  public override async run(
    interaction: ButtonInteraction<'cached'>,
    { suggestionId, helpful }: { suggestionId: number; helpful: boolean },
  ) {
    const { guildId, user, client } = interaction;
    const rated = await this.container.kb.rateSuggestion(guildId, suggestionId, user.id, helpful);
    client.emit('kbAnswerRated', {
      guildId,
      entryId: rated.entryId,
      userId: user.id,
      authorId: rated.authorId,
      helpful,
      ...(rated.ticketId === null ? {} : { ticketId: rated.ticketId }),
    });
    await respond(
      interaction,
      {
        content: `${helpful ? 'Glad it helped!' : 'Thanks, noted.'} The entry is now ${formatRating(rated)}.`,
        allowedMentions: NO_PINGS,
      },
      { ephemeral: true },
    );
  }
}
