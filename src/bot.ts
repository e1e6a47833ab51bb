import 'reflect-metadata';
import { resolve } from 'node:path';
import { container } from '@sapphire/framework';
import type { BotConfig } from '../config';
import { redactUrl } from '../config';
import { BotClient } from './client';
import { databaseStartupError } from './database/connectionError';
import { createDataSource } from './database/dataSource';
import { loginStartupError } from './discordLogin';
import { instrumentBot } from './metrics/collectors';
import { startMetricsServer, type MetricsServer } from './metrics/server';
import { GuildSettings } from './guilds/GuildSettings';
import { ShutdownHooks } from './lifecycle';
import { PermissionService } from './permissions/PermissionService';
import { discoverPlugins } from './plugin-system/discovery';
import { PluginRegistry } from './plugin-system/PluginRegistry';
import { reconcilePlugins } from './plugin-system/reconcile';
import { assertRedisReachable, createRedis } from './redis/connect';
import { InvalidationBus } from './redis/InvalidationBus';

export const PLUGINS_DIRECTORY = resolve(__dirname, '..', 'plugins');

export interface RunningBot {
  client: BotClient;
  /** The `/metrics`, `/healthz` and `/readyz` endpoint, when METRICS_PORT is set. */
  metricsServer: MetricsServer | undefined;
  /** Stops taking work, lets running jobs finish, flushes, closes Redis and the database. */
  stop(): Promise<void>;
}

/**
 * Starts the bot: plugins discovered and validated, Redis checked, database migrated, pieces of the core and of
 * every plugin registered, then login. Used by `src/index.ts` and by the end-to-end tests alike.
 */
export async function startBot(config: BotConfig): Promise<RunningBot> {
  if (!config.token) throw new Error('startBot needs DISCORD_TOKEN; without one, src/index.ts runs the sandbox.');
  const plugins = new PluginRegistry(
    discoverPlugins([PLUGINS_DIRECTORY, ...config.extraPluginDirs.map((folder) => resolve(folder))], __dirname),
  );

  await assertRedisReachable(config.redisUrl);
  const redis = createRedis(config.redisUrl, 'commands');
  const subscriber = createRedis(config.redisUrl, 'invalidation');
  const tasksConnection = createRedis(config.redisUrl, 'tasks');
  const bus = new InvalidationBus(redis, subscriber, `${config.redisNamespace}:guild-settings`);
  await bus.start();

  const database = createDataSource({ ...config, plugins: plugins.all });
  await database.initialize().catch((error: unknown) => {
    throw (config.databaseUrl && databaseStartupError(error, config.databaseUrl)) || error;
  });
  await database.runMigrations({ transaction: 'each' });

  container.config = config;
  container.database = database;
  container.redis = redis;
  container.plugins = plugins;
  container.guildSettings = new GuildSettings(database, plugins, bus, config.defaultPrefix, (message, error) =>
    container.logger.error(message, error),
  );
  container.permissions = new PermissionService(database, container.guildSettings, config.ownerIds);
  container.shutdownHooks = new ShutdownHooks();
  // The client first, so plugins' setup can hand `container.client`, `container.logger` and `container.tasks` to
  // their services. Its task worker starts here, but tasks wait for the client to be ready, after every setup.
  const client = new BotClient(config, tasksConnection);
  instrumentBot({ client, database, taskQueue: container.tasks.client });
  for (const plugin of plugins.all) await plugin.handle.manifest.setup?.(plugin.handle);
  for (const plugin of plugins.all) container.stores.registerPath(plugin.directory);
  container.logger.info(
    `Starting with plugins ${plugins.names.join(', ') || '(none)'}; database ${config.databaseUrl ? redactUrl(config.databaseUrl) : `embedded in ${config.dataDir}`}; Redis ${redactUrl(config.redisUrl)}.`,
  );
  // Redis came back (perhaps empty, its delayed jobs and schedulers gone): every plugin rebuilds its scheduled work
  // from the database. The first connection happens before login, when the ready listener does the same.
  redis.on('ready', () => {
    if (client.isReady()) void reconcilePlugins(plugins, 'Redis reconnected');
  });
  // Before login, so a process manager sees the process alive (and not ready) while it connects.
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer(config.metricsPort, config.metricsHost, { client, database, redis });
  await client.login(config.token).catch(async (error: unknown) => {
    await metricsServer?.close();
    throw loginStartupError(error, config.discordApiUrl) ?? error;
  });
  if (metricsServer) {
    container.logger.info(`Metrics, /healthz and /readyz on http://${config.metricsHost}:${metricsServer.port}.`);
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await client.destroy();
      await container.tasks.close();
      await container.shutdownHooks.runAll();
      await Promise.all([redis.quit(), subscriber.quit(), tasksConnection.quit()]);
      await database.destroy();
      await metricsServer?.close();
    })();
    return stopping;
  };
  return { client, metricsServer, stop };
}
