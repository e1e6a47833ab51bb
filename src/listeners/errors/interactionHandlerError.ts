import { Listener, type InteractionHandlerError } from '@sapphire/framework';

/** An interaction handler's run threw: log it (the handler answers the user itself). */
export class InteractionHandlerErrorListener extends Listener {
  public override run(error: unknown, { handler, interaction }: InteractionHandlerError) {
    this.container.logger.error(`Interaction handler ${handler.name} failed on interaction ${interaction.id}:`, error);
  }
}
