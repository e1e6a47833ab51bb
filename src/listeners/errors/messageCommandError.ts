import { Listener, type MessageCommandErrorPayload } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** The command threw: the member's mistake gets its explanation, anything else an apology and a log line. */
export class MessageCommandErrorListener extends Listener {
  public override async run(error: unknown, payload: MessageCommandErrorPayload) {
    await replyWithError(payload.message, error, `Command ${payload.command.name}`);
  }
}
