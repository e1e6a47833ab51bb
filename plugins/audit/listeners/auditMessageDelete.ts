import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { AuditLogEvent } from 'discord.js';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';
import { describeMessageDelete } from '../services/describe';

/**
 * A message deleted, with its content from the plugin's cache. Who deleted it: a moderator when Discord's audit log
 * says so (MESSAGE_DELETE entries name the author and channel), otherwise the author.
 */
export class AuditMessageDeleteListener extends PluginGatewayListener<GatewayDispatchEvents.MessageDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageDelete });
  }

  public override runEnabled(
    data: DispatchData<GatewayDispatchEvents.MessageDelete>,
    _shardId: number,
    guildId: string,
  ) {
    const { audit } = this.container;
    const cached = audit.messages.take(data.id);
    // The bot's own messages (its log posts among them) are not cached, nor are those sent before it started: the
    // gateway names no author for a deletion, so there is nothing to say about them. The cache kept the author's
    // roles from the message's payload, so no member is looked up here.
    if (!cached) return;
    const entry = describeMessageDelete(guildId, data.id, audit.channel(data.channel_id), cached);
    audit.record(entry, {
      guildId,
      actions: [AuditLogEvent.MessageDelete],
      targetId: cached.authorId,
      channelId: data.channel_id,
      at: Date.now(),
      fallback: cached.authorId,
    });
  }
}
