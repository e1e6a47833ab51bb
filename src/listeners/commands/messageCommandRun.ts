import { Events, Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';

/** A prefix command starts: shutdown waits for it to finish and reply before closing Discord's REST client. */
export class MessageCommandRunListener extends Listener<typeof Events.MessageCommandRun> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCommandRun });
  }

  public override run(message: Message) {
    this.container.work.beginFor(message);
  }
}
