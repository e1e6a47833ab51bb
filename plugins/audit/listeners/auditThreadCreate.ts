import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type AnyThreadChannel } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeThread } from '../services/describe';

/** A thread created (THREAD_EVENTS); not when the bot merely gains access to an existing one. */
export class AuditThreadCreateListener extends PluginListener<typeof Events.ThreadCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ThreadCreate });
  }

  public override runEnabled(thread: AnyThreadChannel, newlyCreated: boolean) {
    if (!newlyCreated) return;
    this.container.audit.record(describeThread(thread, 'thread_create'), {
      guildId: thread.guildId,
      actions: [AuditLogEvent.ThreadCreate],
      targetId: thread.id,
      at: Date.now(),
      fallback: thread.ownerId,
    });
  }
}
