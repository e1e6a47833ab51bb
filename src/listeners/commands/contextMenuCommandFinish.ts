import { Events, Listener } from '@sapphire/framework';
import type { ContextMenuCommandInteraction } from 'discord.js';

/** A context-menu command finished: see contextMenuCommandRun. */
export class ContextMenuCommandFinishListener extends Listener<typeof Events.ContextMenuCommandFinish> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ContextMenuCommandFinish });
  }

  public override run(interaction: ContextMenuCommandInteraction) {
    this.container.work.endFor(interaction);
  }
}
