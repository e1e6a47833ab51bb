import type { Listener } from '@sapphire/framework';
import { Events } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** Repeats the catch-up this often, as a BullMQ job scheduler (one per queue, however many processes). */
const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * On start-up: lifts what expired while the bot was down and re-queues any expiry whose job was lost (Redis
 * flushed), from the cases in the database; then keeps doing so every few minutes.
 */
export class ModerationReadyListener extends PluginListener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, once: true, event: Events.ClientReady });
  }

  public override async runEnabled() {
    await this.container.moderation.reconcile();
    await this.container.tasks.client.upsertJobScheduler(
      'moderationReconcile',
      { every: RECONCILE_EVERY_MS },
      { name: 'moderationReconcile', data: null, opts: { removeOnComplete: true, removeOnFail: true } },
    );
  }
}
