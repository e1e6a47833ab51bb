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

/** A channel deleted (CHANNEL_EVENTS), with who deleted it. */
export class AuditChannelDeleteListener extends PluginListener<typeof Events.ChannelDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChannelDelete });
  }

  public override runEnabled(channel: DMChannel | NonThreadGuildBasedChannel | GuildBasedChannel) {
    if (!('guild' in channel) || channel.isThread()) return;
    this.container.audit.record(describeChannel(channel, 'channel_delete'), {
      guildId: channel.guild.id,
      actions: [AuditLogEvent.ChannelDelete],
      targetId: channel.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
