import type { Listener } from '@sapphire/framework';
import { Events } from 'discord.js';
import { PluginListener } from '../../../src/pieces/PluginListener';

/**
 * On start-up: lifts what expired while the bot was down and re-queues any expiry whose job was lost (Redis
 * flushed), from the cases in the database.
 */
export class ModerationReadyListener extends PluginListener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, once: true, event: Events.ClientReady });
  }

  public override async runEnabled() {
    await this.container.moderation.reconcile();
  }
}
