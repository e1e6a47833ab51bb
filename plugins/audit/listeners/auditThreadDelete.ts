import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type AnyThreadChannel } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeThread } from '../services/describe';

/** A thread deleted (THREAD_EVENTS), with who deleted it. */
export class AuditThreadDeleteListener extends PluginListener<typeof Events.ThreadDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ThreadDelete });
  }

  public override runEnabled(thread: AnyThreadChannel) {
    this.container.audit.record(describeThread(thread, 'thread_delete'), {
      guildId: thread.guildId,
      actions: [AuditLogEvent.ThreadDelete],
      targetId: thread.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
