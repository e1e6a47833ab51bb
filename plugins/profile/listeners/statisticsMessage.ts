import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';

/** Every member message counts for the day and marks the author active: a map update, written later in a batch. */
export class StatisticsMessageListener extends PluginGatewayListener<GatewayDispatchEvents.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageCreate });
  }

  public override runEnabled(
    data: DispatchData<GatewayDispatchEvents.MessageCreate>,
    _shardId: number,
    guildId: string | null,
  ) {
    if (!guildId || data.author.bot || data.webhook_id) return;
    this.container.statistics.countMessage(guildId, data.author.id);
  }
}
