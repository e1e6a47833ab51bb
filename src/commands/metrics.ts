import { Command } from '@sapphire/framework';
import { EmbedBuilder, type Message } from 'discord.js';
import { summarizeMetrics } from '../metrics/summary';
import { Permission } from '../permissions/enums';
import { respond, type CommandSource } from '../plugin-kit/respond';
import { needs } from '../plugin-kit/subcommands';

/**
 * `/metrics`: a summary of the numbers `/metrics` on the HTTP endpoint serves to Prometheus — commands, gateway,
 * REST limits, tasks, database pool, plugins' own — for those with VIEW_METRICS (admins and developers by default).
 */
export class MetricsCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Summarise this bot process's metrics: commands, gateway, rate limits, tasks, database.",
      detailedDescription: '/metrics',
      preconditions: needs(Permission.VIEW_METRICS),
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder.setName(this.name).setDescription(this.description).setDMPermission(false),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await interaction.deferReply();
    await this.summary(interaction);
  }

  public override async messageRun(message: Message) {
    await this.summary(message);
  }

  private async summary(source: CommandSource) {
    const summary = await summarizeMetrics(this.container.client);
    const embed = new EmbedBuilder()
      .setTitle('Metrics')
      .setDescription(summary.process)
      .addFields(
        { name: 'Commands', value: summary.commands },
        { name: 'Gateway', value: summary.gateway },
        { name: 'Discord REST', value: summary.rest },
        { name: 'Tasks', value: summary.tasks },
        { name: 'Database', value: summary.database },
        ...(summary.plugins.length > 0 ? [{ name: 'Plugins', value: summary.plugins.join('\n').slice(0, 1024) }] : []),
      )
      .setFooter({ text: 'Since this process started. Prometheus can scrape the full set (see the README).' });
    await respond(source, { embeds: [embed] });
  }
}
