import { Listener, type ListenerErrorPayload } from '@sapphire/framework';

/** A listener threw: log it with the listener's name and file. */
export class ListenerErrorListener extends Listener {
  public override run(error: unknown, { piece }: ListenerErrorPayload) {
    this.container.logger.error(`Listener ${piece.name} (${piece.location.full}) failed:`, error);
  }
}
