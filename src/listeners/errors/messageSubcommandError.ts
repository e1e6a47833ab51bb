import type { MessageSubcommandErrorPayload } from '@sapphire/plugin-subcommands';
import { Listener } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** Same as the command-level listener, for subcommands (the subcommands plugin emits its own events). */
export class MessageSubcommandErrorListener extends Listener {
  public override async run(error: unknown, payload: MessageSubcommandErrorPayload) {
    await replyWithError(
      payload.message,
      error,
      `Command ${payload.command.name} ${payload.matchedSubcommandMapping.name}`,
    );
  }
}
