import { Events, Listener } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';

/** A slash command finished (answered, or its error is being answered): see chatInputCommandRun. */
export class ChatInputCommandFinishListener extends Listener<typeof Events.ChatInputCommandFinish> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChatInputCommandFinish });
  }

  public override run(interaction: ChatInputCommandInteraction) {
    this.container.work.endFor(interaction);
  }
}
