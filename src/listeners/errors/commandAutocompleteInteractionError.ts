import { Listener, type AutocompleteInteractionPayload } from '@sapphire/framework';

/** An autocomplete handler threw: log it (Discord shows no choices). */
export class CommandAutocompleteInteractionErrorListener extends Listener {
  public override run(error: unknown, { command }: AutocompleteInteractionPayload) {
    this.container.logger.error(`Autocomplete of ${command.name} failed:`, error);
  }
}
