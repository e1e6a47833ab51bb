import { Events, Listener, type ChatInputCommandRunPayload } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { deferIfSlow } from '../../plugin-kit/respond';

/**
 * A slash command starts: shutdown waits for it, and if it has not answered within 2 s (a slow database, a long
 * Discord call) its reply is deferred, so Discord's 3 s deadline never loses the answer.
 */
export class ChatInputCommandRunListener extends Listener<typeof Events.ChatInputCommandRun> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChatInputCommandRun });
  }

  public override run(
    interaction: ChatInputCommandInteraction,
    _command: unknown,
    _payload: ChatInputCommandRunPayload,
  ) {
    this.container.work.beginFor(interaction, deferIfSlow(interaction));
  }
}
