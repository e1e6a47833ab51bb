import { Listener, type InteractionHandlerError } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/**
 * An interaction handler's run threw: the one error path for buttons, menus and modals, as for commands. A
 * `UserError` is shown to the member; anything else is logged and the member gets an apology, never silence.
 */
export class InteractionHandlerErrorListener extends Listener {
  public override async run(error: unknown, { handler, interaction }: InteractionHandlerError) {
    const context = `Interaction handler ${handler.name} (interaction ${interaction.id})`;
    if (interaction.isRepliable()) await replyWithError(interaction, error, context);
    else this.container.logger.error(`${context} failed:`, error);
  }
}
