import type { Listener } from '@sapphire/framework';
import { Events, type Message, type PartialMessage } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeMessageEdit } from '../services/describe';

/** A message edited: before (from the plugin's cache) and after. */
export class AuditMessageUpdateListener extends PluginListener<typeof Events.MessageUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageUpdate });
  }

  public override runEnabled(_old: Message | PartialMessage, message: Message | PartialMessage, guildId: string) {
    if (message.partial || !message.author || message.author.id === this.container.client.user?.id) return;
    const { audit } = this.container;
    const before = audit.messages.get(message.id);
    const entry = describeMessageEdit(guildId, message, before);
    if (!entry) return;
    audit.messages.updateContent(
      message.id,
      message.content,
      [...message.attachments.values()].map((a) => a.name),
    );
    audit.record(entry);
  }
}
