import { Listener, type InteractionHandlerParseError } from '@sapphire/framework';

/** An interaction handler's parse threw: log it. */
export class InteractionHandlerParseErrorListener extends Listener {
  public override run(error: unknown, { handler, interaction }: InteractionHandlerParseError) {
    this.container.logger.error(
      `Interaction handler ${handler.name} failed to parse interaction ${interaction.id}:`,
      error,
    );
  }
}
