import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { isSystemMessage } from '#core/plugin-kit/gatewayMessages';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';
import { cacheable } from '../services/describe';

/**
 * The hot path: remembers each message in the bounded cache so its edit or deletion can be shown, from the gateway
 * payload (the fields kept are plain there). Synchronous, no database: whether MESSAGE_EVENTS are logged is decided
 * when an edit or deletion comes (waiting for the guild's config here would let a quick deletion overtake the
 * message it deletes).
 */
export class AuditMessageCreateListener extends PluginGatewayListener<GatewayDispatchEvents.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageCreate });
  }

  public override runEnabled(data: DispatchData<GatewayDispatchEvents.MessageCreate>) {
    const { guild_id: guildId } = data;
    if (guildId === undefined || data.author.id === this.container.client.user?.id) return;
    if (isSystemMessage(data.type)) return;
    this.container.audit.messages.add(cacheable(data, guildId));
  }
}
