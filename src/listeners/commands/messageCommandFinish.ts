import { Events, Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';

/** A prefix command finished: see messageCommandRun. */
export class MessageCommandFinishListener extends Listener<typeof Events.MessageCommandFinish> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCommandFinish });
  }

  public override run(message: Message) {
    this.container.work.endFor(message);
  }
}
