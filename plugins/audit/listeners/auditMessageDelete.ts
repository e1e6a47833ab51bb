import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type Message, type PartialMessage } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeMessageDelete } from '../services/describe';

/**
 * A message deleted, with its content from the plugin's cache. Who deleted it: a moderator when Discord's audit log
 * says so (MESSAGE_DELETE entries name the author and channel), otherwise the author.
 */
export class AuditMessageDeleteListener extends PluginListener<typeof Events.MessageDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageDelete });
  }

  public override runEnabled(message: Message | PartialMessage, guildId: string) {
    const { audit, client } = this.container;
    const cached = audit.messages.take(message.id);
    const authorId = cached?.authorId ?? message.author?.id ?? null;
    // The bot's own messages (its log posts among them) are not cached: their deletion is not news.
    if (!cached && (authorId === null || authorId === client.user?.id)) return;
    const member = authorId ? client.guilds.cache.get(guildId)?.members.cache.get(authorId) : undefined;
    const entry = describeMessageDelete(guildId, message, cached, member ? [...member.roles.cache.keys()] : []);
    audit.record(entry, {
      guildId,
      actions: [AuditLogEvent.MessageDelete],
      targetId: authorId ?? undefined,
      channelId: message.channelId,
      at: Date.now(),
      fallback: authorId,
    });
  }
}
