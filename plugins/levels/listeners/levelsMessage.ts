import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { isMemberChat, parentOf } from '#core/plugin-kit/gatewayMessages';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';

/**
 * The hot path: every guild message from a member counts (bots, webhooks and system messages do not). Read from the
 * gateway payload, which carries the author's roles: no Message is built for chat.
 */
export class LevelsMessageListener extends PluginGatewayListener<GatewayDispatchEvents.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageCreate });
  }

  public override runEnabled(
    data: DispatchData<GatewayDispatchEvents.MessageCreate>,
    _shardId: number,
    guildId: string | null,
  ) {
    if (!guildId || !isMemberChat(data)) return undefined;
    return this.container.levels.handleMessage({
      guildId,
      channelId: data.channel_id,
      parentId: parentOf(this.container.client, data.channel_id),
      authorId: data.author.id,
      content: data.content,
      roleIds: data.member?.roles ?? [],
    });
  }
}
