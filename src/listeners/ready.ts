import { Listener } from '@sapphire/framework';
import { Events, type Client } from 'discord.js';

/** Logs that the bot is connected; operators (and the restart tests) wait for this line. */
export class ReadyListener extends Listener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, once: true, event: Events.ClientReady });
  }

  public override run(client: Client<true>) {
    this.container.logger.info(`Ready as ${client.user.tag} in ${client.guilds.cache.size} guild(s).`);
  }
}
