import { Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** The command threw: the member's mistake gets its explanation, anything else an apology and a log line. */
export class ChatInputCommandErrorListener extends Listener {
  public override async run(error: unknown, payload: ChatInputCommandErrorPayload) {
    await replyWithError(payload.interaction, error, `Command ${payload.command.name}`);
  }
}
