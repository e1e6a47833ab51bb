import type { Listener } from '@sapphire/framework';
import { Events, type Message } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { cacheable } from '../services/describe';

/**
 * The hot path: remembers each message in the bounded cache so its edit or deletion can be shown. Synchronous, no
 * database: whether MESSAGE_EVENTS are logged is decided when an edit or deletion comes (waiting for the guild's
 * config here would let a quick deletion overtake the message it deletes).
 */
export class AuditMessageCreateListener extends PluginListener<typeof Events.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCreate });
  }

  public override runEnabled(message: Message) {
    if (!message.inGuild() || message.system || message.author.id === this.container.client.user?.id) return;
    this.container.audit.messages.add(cacheable(message));
  }
}
