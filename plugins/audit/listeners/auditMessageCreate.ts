import type { Listener } from '@sapphire/framework';
import { Events, type Message } from 'discord.js';
import { AuditEvent } from '#core/database/entities/GuildConfig';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { cacheable } from '../services/describe';

/** The hot path: remembers each message (bounded cache) so its edit or deletion can be shown. No database write. */
export class AuditMessageCreateListener extends PluginListener<typeof Events.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCreate });
  }

  public override async runEnabled(message: Message) {
    if (!message.inGuild() || message.system || message.author.id === this.container.client.user?.id) return;
    const { audit } = this.container;
    if (await audit.categoryOn(message.guildId, AuditEvent.MESSAGE_EVENTS)) audit.messages.add(cacheable(message));
  }
}
