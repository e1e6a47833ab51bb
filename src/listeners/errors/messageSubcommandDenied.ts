import type { UserError } from '@sapphire/framework';
import type { MessageSubcommandDeniedPayload } from '@sapphire/plugin-subcommands';
import { Listener } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** Same as the command-level listener, for subcommands (the subcommands plugin emits its own events). */
export class MessageSubcommandDeniedListener extends Listener {
  public override async run(error: UserError, payload: MessageSubcommandDeniedPayload) {
    await replyWithError(
      payload.message,
      error,
      `Command ${payload.command.name} ${payload.matchedSubcommandMapping.name}`,
    );
  }
}
