import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type DMChannel, type NonThreadGuildBasedChannel } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeChannelUpdate } from '../services/describe';

/** A channel changed: name, topic, slowmode, NSFW, category and permission overwrites as a diff (CHANNEL_EVENTS). */
export class AuditChannelUpdateListener extends PluginListener<typeof Events.ChannelUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ChannelUpdate });
  }

  public override runEnabled(
    before: DMChannel | NonThreadGuildBasedChannel,
    after: DMChannel | NonThreadGuildBasedChannel,
  ) {
    if (!('guild' in before) || !('guild' in after)) return;
    const entry = describeChannelUpdate(before, after);
    if (!entry) return;
    this.container.audit.record(entry, {
      guildId: after.guild.id,
      actions: [
        AuditLogEvent.ChannelUpdate,
        AuditLogEvent.ChannelOverwriteCreate,
        AuditLogEvent.ChannelOverwriteUpdate,
        AuditLogEvent.ChannelOverwriteDelete,
      ],
      targetId: after.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
