import type { Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** Every member message counts for the day and marks the author active: a map update, written later in a batch. */
export class StatisticsMessageListener extends PluginListener<'messageCreate'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'messageCreate' });
  }

  public override runEnabled(message: Message, guildId: string | null) {
    if (!guildId || message.author.bot || message.webhookId) return;
    this.container.statistics.countMessage(guildId, message.author.id);
  }
}
