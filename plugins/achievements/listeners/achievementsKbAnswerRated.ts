import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** HELP, second source: a "This helped" on a knowledge-base suggestion counts for the entry's author. */
export class AchievementsKbAnswerRatedListener extends PluginListener<'kbAnswerRated'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'kbAnswerRated', partnerEvent: true });
  }

  public override async runEnabled({ guildId, entryId, userId, authorId, helpful }: ClientEvents['kbAnswerRated'][0]) {
    await this.container.achievements.answerRated(guildId, { entryId, raterId: userId, authorId, helpful });
  }
}
