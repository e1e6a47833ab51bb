import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type AnyThreadChannel } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeThreadUpdate } from '../services/describe';

/** A thread archived, unarchived or renamed (THREAD_EVENTS); Discord's own auto-archive has nobody behind it. */
export class AuditThreadUpdateListener extends PluginListener<typeof Events.ThreadUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ThreadUpdate });
  }

  public override runEnabled(before: AnyThreadChannel, after: AnyThreadChannel) {
    const at = Date.now();
    for (const entry of describeThreadUpdate(before, after)) {
      this.container.audit.record(entry, {
        guildId: after.guildId,
        actions: [AuditLogEvent.ThreadUpdate],
        targetId: after.id,
        at,
      });
    }
  }
}
