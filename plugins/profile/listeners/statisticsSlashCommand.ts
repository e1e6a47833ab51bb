import type { Listener } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** A slash command that runs (its preconditions passed) counts for its user and the day. */
export class StatisticsSlashCommandListener extends PluginListener<'chatInputCommandRun'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'chatInputCommandRun' });
  }

  public override runEnabled(
    interaction: ChatInputCommandInteraction,
    _command: unknown,
    _payload: unknown,
    guildId: string | null,
  ) {
    if (!guildId) return;
    this.container.statistics.countMember(guildId, interaction.user.id, 'commandsUsed');
    this.container.statistics.countDay(guildId, 'commands');
  }
}
