import type { Listener } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** A prefix command that runs counts for its author and the day. */
export class StatisticsPrefixCommandListener extends PluginListener<'messageCommandRun'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'messageCommandRun' });
  }

  public override runEnabled(message: Message, _command: unknown, _payload: unknown, guildId: string | null) {
    if (!guildId) return;
    this.container.statistics.countMember(guildId, message.author.id, 'commandsUsed');
    this.container.statistics.countDay(guildId, 'commands');
  }
}
