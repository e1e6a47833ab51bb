import { Listener } from '@sapphire/framework';
import { Events, type Client } from 'discord.js';
import { reconcilePlugins } from '../plugin-system/reconcile';

/**
 * Loads every guild's settings in a few queries, lets every plugin rebuild its scheduled work from the database
 * (`reconcile`), then logs that the bot is connected; operators (and the restart tests) wait for this line.
 */
export class ReadyListener extends Listener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, once: true, event: Events.ClientReady });
  }

  public override async run(client: Client<true>) {
    // Without this, the first burst of messages queues in memory behind one settings load per guild.
    await this.container.guildSettings
      .preload([...client.guilds.cache.keys()])
      .catch((error: unknown) => this.container.logger.warn('Preloading guild settings failed:', error));
    await reconcilePlugins(this.container.plugins, 'start-up');
    this.container.logger.info(`Ready as ${client.user.tag} in ${client.guilds.cache.size} guild(s).`);
  }
}
