import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

type Flushed = ClientEvents['levelsFlushed'][0];

/** MESSAGES: after each levels flush, the members written are checked in one batch (no work per message). */
export class AchievementsLevelsFlushedListener extends PluginListener<'levelsFlushed'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'levelsFlushed', partnerEvent: true });
  }

  public override async runEnabled({ guildId, members }: Flushed) {
    await this.container.achievements.recordMessageCounts(guildId, members);
  }
}
