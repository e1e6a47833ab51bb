import { Listener, type ListenerErrorPayload } from '@sapphire/framework';
import { isUnavailableError } from '../../plugin-kit/respond';
import { outageLog } from '../../redis/outageLog';

/**
 * A listener threw: log it with the listener's name and file. During a Redis or database outage every event fails
 * the same way: one line a minute per listener, not a stack trace per event.
 */
export class ListenerErrorListener extends Listener {
  public override run(error: unknown, { piece }: ListenerErrorPayload) {
    if (isUnavailableError(error)) {
      outageLog.report(`listener:${piece.name}`, `Listener ${piece.name} failed (dependency unavailable)`, error);
      return;
    }
    this.container.logger.error(`Listener ${piece.name} (${piece.location.full}) failed:`, error);
  }
}
