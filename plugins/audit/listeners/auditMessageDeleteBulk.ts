import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { AuditLogEvent } from 'discord.js';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';
import { describeBulkDelete } from '../services/describe';
import type { CachedMessage } from '../services/MessageCache';

/** A bulk delete (a purge): one event, with the messages the cache knew in an attached text file. */
export class AuditMessageDeleteBulkListener extends PluginGatewayListener<GatewayDispatchEvents.MessageDeleteBulk> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageDeleteBulk });
  }

  public override runEnabled(
    data: DispatchData<GatewayDispatchEvents.MessageDeleteBulk>,
    _shardId: number,
    guildId: string,
  ) {
    const { audit } = this.container;
    const cached = new Map<string, CachedMessage>();
    for (const id of data.ids) {
      const message = audit.messages.take(id);
      if (message) cached.set(id, message);
    }
    audit.record(describeBulkDelete(guildId, audit.channel(data.channel_id), data.ids, cached), {
      guildId,
      actions: [AuditLogEvent.MessageBulkDelete],
      targetId: data.channel_id,
      at: Date.now(),
    });
  }
}
