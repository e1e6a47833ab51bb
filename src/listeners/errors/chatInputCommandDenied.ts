import { Listener, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** A precondition refused the command: tell the member why. */
export class ChatInputCommandDeniedListener extends Listener {
  public override async run(error: UserError, payload: ChatInputCommandDeniedPayload) {
    await replyWithError(payload.interaction, error, `Command ${payload.command.name}`);
  }
}
