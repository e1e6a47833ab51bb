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
    const { audit, client } = this.container;
    const cached = audit.messages.take(data.id);
    // The bot's own messages (its log posts among them) are not cached, nor are those sent before it started: the
    // gateway names no author for a deletion, so there is nothing to say about them.
    if (!cached) return;
    const member = client.guilds.cache.get(guildId)?.members.cache.get(cached.authorId);
    const entry = describeMessageDelete(
      guildId,
      data.id,
      audit.channel(data.channel_id),
      cached,
      member ? [...member.roles.cache.keys()] : [],
    );
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
