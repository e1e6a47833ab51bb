import { Listener } from '@sapphire/framework';
import { Events, type Client } from 'discord.js';
import { reconcilePlugins } from '../plugin-system/reconcile';

/**
 * Loads every guild's settings in a few queries, records the guilds (so a dashboard in another shard process knows
 * them), lets every plugin rebuild its scheduled work from the database (`reconcile`), then logs that the bot is
 * connected; operators (and the restart tests) wait for this line.
 */
export class ReadyListener extends Listener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, once: true, event: Events.ClientReady });
  }

  public override async run(client: Client<true>) {
    const { guildSettings, logger } = this.container;
    // Without this, the first burst of messages queues in memory behind one settings load per guild.
    await guildSettings
      .preload([...client.guilds.cache.keys()])
      .catch((error: unknown) => logger.warn('Preloading guild settings failed:', error));
    // Beside the reconcile, which does not need it (about 0.1 s per 1,000 guilds).
    const available = client.guilds.cache.filter((guild) => guild.available);
    const recording = guildSettings
      .recordGuilds(available.map((guild) => ({ id: guild.id, name: guild.name })))
      .catch((error: unknown) => logger.warn('Recording the guilds failed:', error));
    await reconcilePlugins(this.container.plugins, 'start-up');
    await recording;
    logger.info(`Ready as ${client.user.tag} in ${client.guilds.cache.size} guild(s).`);
  }
}
