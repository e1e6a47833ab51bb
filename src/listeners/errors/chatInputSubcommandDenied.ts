import type { UserError } from '@sapphire/framework';
import type { ChatInputSubcommandDeniedPayload } from '@sapphire/plugin-subcommands';
import { Listener } from '@sapphire/framework';
import { replyWithError } from '../../plugin-kit/respond';

/** Same as the command-level listener, for subcommands (the subcommands plugin emits its own events). */
export class ChatInputSubcommandDeniedListener extends Listener {
  public override async run(error: UserError, payload: ChatInputSubcommandDeniedPayload) {
    await replyWithError(
      payload.interaction,
      error,
      `Command ${payload.command.name} ${payload.matchedSubcommandMapping.name}`,
    );
  }
}
