import type { Listener } from '@sapphire/framework';
import {
  AuditLogEvent,
  Events,
  type DMChannel,
  type GuildBasedChannel,
  type NonThreadGuildBasedChannel,
} from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeChannel } from '../services/describe';

/** A channel created (CHANNEL_EVENTS), with who created it. */
export class AuditChannelCreateListener extends PluginListener<typeof Events.ChannelCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChannelCreate });
  }

  public override runEnabled(channel: DMChannel | NonThreadGuildBasedChannel | GuildBasedChannel) {
    if (!('guild' in channel) || channel.isThread()) return;
    this.container.audit.record(describeChannel(channel, 'channel_create'), {
      guildId: channel.guild.id,
      actions: [AuditLogEvent.ChannelCreate],
      targetId: channel.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
