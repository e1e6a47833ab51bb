import type { Listener } from '@sapphire/framework';
import { Events, type Message } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** The hot path: every guild message from a member counts (bots, webhooks and system messages do not). */
export class LevelsMessageListener extends PluginListener<typeof Events.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCreate });
  }

  public override runEnabled(message: Message) {
    if (!message.inGuild() || message.author.bot || message.webhookId || message.system) return undefined;
    return this.container.levels.handleMessage(message);
  }
}
