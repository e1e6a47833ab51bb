import { Listener } from '@sapphire/framework';
import type { Guild } from 'discord.js';

/** The bot joined a guild: store its row (with defaults) so settings have somewhere to live. */
export class GuildCreateListener extends Listener {
  public override async run(guild: Guild) {
    await this.container.guildSettings.recordGuild(guild.id, guild.name);
  }
}
