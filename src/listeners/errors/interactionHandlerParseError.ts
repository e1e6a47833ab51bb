import { Listener, type InteractionHandlerParseError } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** An interaction handler's parse threw: answered like an error of its run (see interactionHandlerError). */
export class InteractionHandlerParseErrorListener extends Listener {
  public override async run(error: unknown, { handler, interaction }: InteractionHandlerParseError) {
    const context = `Interaction handler ${handler.name} parsing interaction ${interaction.id}`;
    if (interaction.isRepliable()) await replyWithError(interaction, error, context);
    else this.container.logger.error(`${context} failed:`, error);
  }
}
