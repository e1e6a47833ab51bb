import { Listener, type MessageCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** A precondition refused the command: tell the member why. */
export class MessageCommandDeniedListener extends Listener {
  public override async run(error: UserError, payload: MessageCommandDeniedPayload) {
    await replyWithError(payload.message, error, `Command ${payload.command.name}`);
  }
}
