import { Command } from '@sapphire/framework';
import { EmbedBuilder, time, TimestampStyles, type Message } from 'discord.js';
import { shardLabel, withTimeout } from '../metrics/collectors';
import { checkReadiness, describeProbe, PROBE_TIMEOUT_MS } from '../metrics/health';
import { Permission } from '../permissions/enums';
import { respond, type CommandSource } from '../plugin-kit/respond';

/**
 * `/status`: is the bot healthy — its shard and guilds, the readiness `/readyz` reports (Discord, database, Redis,
 * with round trips), task queue depths, uptime and memory.
 */
export class StatusCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Show the bot's health: shard, guilds, Discord, database, Redis and queues.",
      detailedDescription: '/status',
      preconditions: [{ name: 'RequiresPermission', context: { permission: Permission.VIEW_SYSTEM_STATUS } }],
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
    await this.status(interaction);
  }

  public override async messageRun(message: Message) {
    await this.status(message);
  }

  private async status(source: CommandSource) {
    const { client, database, redis, tasks } = this.container;
    const [readiness, counts] = await Promise.all([
      checkReadiness({ client, database, redis }),
      withTimeout(tasks.client.getJobCounts('waiting', 'delayed', 'active', 'failed'), PROBE_TIMEOUT_MS).then(
        (value) => value,
        (error: unknown) => (error as Error).message,
      ),
    ]);
    const startedAt = new Date(Date.now() - (client.uptime ?? 0));
    const shardCount = client.shard?.count ?? 1;
    const embed = new EmbedBuilder()
      .setTitle('Status')
      .setDescription(readiness.ready ? 'Ready.' : 'Not ready: see below.')
      .addFields(
        { name: 'Shard', value: `${shardLabel(client)} of ${shardCount}`, inline: true },
        { name: 'Guilds', value: String(client.guilds.cache.size), inline: true },
        { name: 'Up since', value: time(startedAt, TimestampStyles.RelativeTime), inline: true },
        {
          name: 'Discord',
          value: readiness.discord.ok
            ? `connected (ping ${client.ws.ping >= 0 ? `${client.ws.ping} ms` : 'measuring…'})`
            : 'not connected',
          inline: true,
        },
        { name: 'Database', value: describeProbe(readiness.database), inline: true },
        { name: 'Redis', value: describeProbe(readiness.redis), inline: true },
        {
          name: 'Task queue',
          value:
            typeof counts === 'string'
              ? `unreachable: ${counts}`
              : `${counts.waiting} waiting · ${counts.delayed} delayed · ${counts.active} running · ${counts.failed} failed`,
        },
        { name: 'Memory', value: `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`, inline: true },
      );
    await respond(source, { embeds: [embed] });
  }
}
