import { Command } from '@sapphire/framework';
import { EmbedBuilder, time, TimestampStyles, type Message } from 'discord.js';
import { Permission } from '../permissions/enums';
import { respond, type CommandSource } from '../plugin-kit/respond';

/** `/status`: is the bot healthy — uptime, gateway ping, database and Redis round trips, task queue depths. */
export class StatusCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: "Show the bot's health: uptime, latency, database, Redis and queues.",
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
    const [db, cache, queue] = await Promise.all([
      timed(() => database.query('SELECT 1')),
      timed(() => redis.ping()),
      timed(() => tasks.client.getJobCounts('waiting', 'delayed', 'active', 'failed')),
    ]);
    const counts = queue.ok ? (queue.value as Record<string, number>) : null;
    const describe = (probe: Timed) => (probe.ok ? `healthy (${probe.ms} ms)` : `unreachable: ${probe.error}`);
    const startedAt = new Date(Date.now() - (client.uptime ?? 0));
    const embed = new EmbedBuilder().setTitle('Status').addFields(
      { name: 'Up since', value: time(startedAt, TimestampStyles.RelativeTime), inline: true },
      { name: 'Gateway ping', value: client.ws.ping >= 0 ? `${client.ws.ping} ms` : 'measuring…', inline: true },
      { name: 'Guilds', value: String(client.guilds.cache.size), inline: true },
      { name: 'Database', value: describe(db), inline: true },
      { name: 'Redis', value: describe(cache), inline: true },
      {
        name: 'Task queue',
        value: counts
          ? `${counts.waiting} waiting · ${counts.delayed} delayed · ${counts.active} running · ${counts.failed} failed`
          : describe(queue),
      },
      { name: 'Memory', value: `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`, inline: true },
    );
    await respond(source, { embeds: [embed] });
  }
}

type Timed = { ok: true; ms: number; value: unknown } | { ok: false; ms: number; error: string };

/** Runs a health probe with a 2 s limit; the error text is the error's class, never a connection string. */
async function timed(probe: () => Promise<unknown>): Promise<Timed> {
  const start = performance.now();
  try {
    const value = await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 2_000).unref()),
    ]);
    return { ok: true, ms: Math.round(performance.now() - start), value };
  } catch (error) {
    const reason = error instanceof Error && error.message === 'timed out' ? 'timed out' : (error as Error).name;
    return { ok: false, ms: Math.round(performance.now() - start), error: reason };
  }
}
