import { Events, Listener } from '@sapphire/framework';
import type { ContextMenuCommandInteraction, RepliableInteraction } from 'discord.js';
import { deferIfSlow } from '../../plugin-kit/respond';

/** A context-menu command starts: tracked and deferred when slow, as slash commands are (chatInputCommandRun). */
export class ContextMenuCommandRunListener extends Listener<typeof Events.ContextMenuCommandRun> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ContextMenuCommandRun });
  }

  public override run(interaction: ContextMenuCommandInteraction) {
    this.container.work.beginFor(interaction, deferIfSlow(interaction as RepliableInteraction));
  }
}
