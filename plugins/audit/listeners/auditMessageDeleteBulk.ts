import type { Listener } from '@sapphire/framework';
import {
  AuditLogEvent,
  Events,
  type GuildTextBasedChannel,
  type Message,
  type PartialMessage,
  type ReadonlyCollection,
} from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeBulkDelete } from '../services/describe';
import type { CachedMessage } from '../services/MessageCache';

/** A bulk delete (a purge): one event, with the messages the cache knew in an attached text file. */
export class AuditMessageDeleteBulkListener extends PluginListener<typeof Events.MessageBulkDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageBulkDelete });
  }

  public override runEnabled(
    messages: ReadonlyCollection<string, Message | PartialMessage>,
    channel: GuildTextBasedChannel,
    guildId: string,
  ) {
    const { audit } = this.container;
    const ids = [...messages.keys()];
    const cached = new Map<string, CachedMessage>();
    for (const id of ids) {
      const message = audit.messages.take(id);
      if (message) cached.set(id, message);
    }
    audit.record(describeBulkDelete(guildId, channel, ids, cached), {
      guildId,
      actions: [AuditLogEvent.MessageBulkDelete],
      targetId: channel.id,
      at: Date.now(),
    });
  }
}
