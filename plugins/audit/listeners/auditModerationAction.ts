import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

const EVENT = 'moderationAction';

/**
 * The moderation plugin's cases (MOD_EVENTS), by event name. Without that plugin installed the event is unknown and
 * this listener stays unloaded: nobody would emit it.
 */
export class AuditModerationActionListener extends PluginListener<typeof EVENT> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: EVENT, enabled: context.store.container.plugins.knowsEvent(EVENT) });
  }

  public override runEnabled(event: ClientEvents[typeof EVENT][0]) {
    this.container.audit.recordCase(event);
  }
}
