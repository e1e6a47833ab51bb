import 'reflect-metadata';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { container } from '@sapphire/framework';
import { Events } from 'discord.js';
import type { BotConfig, DashboardConfig } from '../config';
import { describeRedis, redactUrl } from '../config';
import { BotClient, taskQueueName } from './client';
import { DashboardAccess } from './dashboard/access';
import { Dashboard } from './dashboard/Dashboard';
import { DashboardGuilds } from './dashboard/guildViews';
import { DiscordOAuth } from './dashboard/oauth';
import { SessionStore } from './dashboard/sessions';
import { databaseStartupError } from './database/connectionError';
import { createDataSource } from './database/dataSource';
import { runMigrationsLocked } from './database/migrate';
import { loginStartupError } from './discordLogin';
import { instrumentBot } from './metrics/collectors';
import { startMetricsServer, type MetricsServer } from './metrics/server';
import { GuildSettings } from './guilds/GuildSettings';
import { GuildsOverRest } from './guilds/GuildsOverRest';
import { ShutdownHooks, WorkInFlight } from './lifecycle';
import { PermissionService } from './permissions/PermissionService';
import { ownsGuildWith } from './plugin-kit/guildOwnership';
import { serialisationKeyOf } from './plugin-kit/PluginTask';
import { discoverPlugins } from './plugin-system/discovery';
import { PluginRegistry } from './plugin-system/PluginRegistry';
import { reconcilePlugins } from './plugin-system/reconcile';
import { assertRedisReachable, createRedis, FAIL_FAST_REDIS } from './redis/connect';
import { GuildHookBus } from './redis/GuildHookBus';
import { InvalidationBus } from './redis/InvalidationBus';
import { JOB_KEY_LOCK_TIMINGS, JobKeyLocks } from './scheduling/jobKeyLocks';
import { holdTaskWorker, startTaskWorker } from './scheduling/taskWorker';

/** Whether `work` settled within `ms` (it keeps running either way). */
async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const PLUGINS_DIRECTORY = resolve(__dirname, '..', 'plugins');

export interface RunningBot {
  client: BotClient;
  /** The `/metrics`, `/healthz` and `/readyz` endpoint, when METRICS_PORT is set. */
  metricsServer: MetricsServer | undefined;
  /**
   * Stops taking work (the gateway closes), lets running commands finish and answer (for up to `drainMs`, half of
   * SHUTDOWN_TIMEOUT_MS by default) and running jobs finish, flushes, then closes Discord, Redis and the database.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
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

  await assertRedisReachable(config.redis);
  // Commands fail fast while Redis is down (see FAIL_FAST_REDIS); the task queue's connection waits for it instead.
  const redis = createRedis(config.redis, 'commands', FAIL_FAST_REDIS);
  const subscriber = createRedis(config.redis, 'invalidation');
  const tasksConnection = createRedis(config.redis, 'tasks');
  const bus = new InvalidationBus(redis, subscriber, `${config.redisNamespace}:guild-settings`);
  await bus.start();
  // A guild's plugin hooks run in the process that owns it, whichever process made the change.
  const hooks = new GuildHookBus(redis, subscriber, `${config.redisNamespace}:guild-hooks`, (guildId) =>
    ownsGuildWith(config.role, config.shards, guildId),
  );
  // Without an offline queue a call made before the first connection fails: wait for it (Redis answered above).
  if (redis.status !== 'ready') await once(redis, 'ready');

  const connectError = (error: unknown) => {
    throw (config.databaseUrl && databaseStartupError(error, config.databaseUrl)) || error;
  };
  if (config.databaseUrl) {
    // Migrations may build indexes for minutes, and a process starting beside another waits for that one's run: on
    // connections without the statement and lock timeouts.
    const migrator = createDataSource({ ...config, databaseTimeouts: undefined, plugins: plugins.all });
    await migrator.initialize().catch(connectError);
    await runMigrationsLocked(migrator).finally(() => migrator.destroy());
  }
  const database = createDataSource({ ...config, plugins: plugins.all });
  await database.initialize().catch(connectError);
  // The embedded database is one instance in this process (and has no timeouts): it migrates on its own connection.
  if (!config.databaseUrl) await runMigrationsLocked(database);

  container.config = config;
  container.database = database;
  container.redis = redis;
  container.schedulerRedis = tasksConnection;
  container.plugins = plugins;
  container.guildSettings = new GuildSettings(
    database,
    plugins,
    bus,
    config.defaultPrefix,
    (message, error) => container.logger.error(message, error),
    // Settings change once the client exists (commands, the dashboard, plugins' setup at the earliest).
    (event) => container.client.emit('settingsChange', event),
    hooks,
  );
  container.permissions = new PermissionService(container.guildSettings, config.ownerIds);
  container.shutdownHooks = new ShutdownHooks();
  container.work = new WorkInFlight();
  // The client first, so plugins' setup can hand `container.client`, `container.logger` and `container.tasks` to
  // their services. Its task worker starts here, but tasks wait for the client to be ready, after every setup.
  // Its worker takes jobs once this process can run them (pieces loaded, logged in), WORKER_CONCURRENCY at a time.
  holdTaskWorker(taskQueueName(config));
  const client = new BotClient(config, tasksConnection);
  instrumentBot({ client, database, taskQueue: container.tasks.client });
  if (config.dashboard) container.dashboard = createDashboard(config, config.dashboard);
  for (const plugin of plugins.all) await plugin.handle.manifest.setup?.(plugin.handle);
  for (const plugin of plugins.all) container.stores.registerPath(plugin.directory);
  // Hooks other processes send run once the plugins are set up; the start-up reconcile covers those sent before.
  await hooks.start();
  container.logger.info(
    `Starting with plugins ${plugins.names.join(', ') || '(none)'}; database ${config.databaseUrl ? redactUrl(config.databaseUrl) : `embedded in ${config.dataDir}`}; Redis ${describeRedis(config.redis)}.`,
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
      : await startMetricsServer(config.metricsPort, config.metricsHost, {
          client,
          database,
          redis,
          restOnly: config.role === 'worker',
        });
  const login =
    config.role === 'worker'
      ? client.loginWithoutGateway(config.token)
      : client.login(config.token).then(() => undefined);
  await login.catch(async (error: unknown) => {
    await metricsServer?.close();
    throw loginStartupError(error, config.discordApiUrl) ?? error;
  });
  // A shard's tasks may read what the ready listener prepared; a worker has no gateway to wait for.
  if (config.role === 'bot' && !client.isReady()) await once(client, Events.ClientReady);
  startTaskWorker(taskQueueName(config), {
    concurrency: config.workerConcurrency,
    locks: new JobKeyLocks(tasksConnection, config.redisNamespace, JOB_KEY_LOCK_TIMINGS, (key) =>
      container.logger.warn(
        `Scheduled jobs: the lock of "${key}" was lost while its job ran; another may run beside it.`,
      ),
    ),
    keyOf: (job) => serialisationKeyOf(job.name, job.data),
  });
  if (config.role === 'worker') {
    container.logger.info(
      `Worker ready as ${client.user!.tag}: running scheduled jobs only, ${config.workerConcurrency} at a time, no gateway.`,
    );
  }
  if (metricsServer) {
    container.logger.info(`Metrics, /healthz and /readyz on http://${config.metricsHost}:${metricsServer.port}.`);
  }
  if (config.dashboard) container.logger.info(`Dashboard on ${container.dashboard.url}.`);

  let stopping: Promise<void> | undefined;
  const stop = ({ drainMs = config.shutdownTimeoutMs / 2 } = {}) => {
    stopping ??= (async () => {
      // No new work: the gateway closes (no more messages or interactions), REST stays open for the answers.
      // discord.js's own destroy() does this first; its typings keep it private.
      await (client.ws as unknown as { destroy(): Promise<void> }).destroy();
      // Commands already running finish and answer (a prefix reply needs REST's token, cleared by destroy()).
      if (!(await container.work.idle(drainMs))) {
        container.logger.warn(`Shutdown: ${container.work.count} command(s) still running after ${drainMs} ms.`);
      }
      // Running jobs finish. BullMQ's worker can stay stuck in its loop after Redis lost its keys under it (a restart
      // without persistence): bounded, so shutdown goes on and the job, if one was still running, runs again later.
      const tasksClosed = await within(container.tasks.close(), drainMs);
      if (!tasksClosed) container.logger.warn(`Shutdown: the task worker did not stop within ${drainMs} ms.`);
      await container.shutdownHooks.runAll();
      await client.destroy();
      await Promise.all([redis.quit(), subscriber.quit(), tasksConnection.quit()]);
      await database.destroy();
      await metricsServer?.close();
      if (container.server.server.listening) {
        container.server.server.closeAllConnections();
        await container.server.disconnect();
      }
    })();
    return stopping;
  };
  return { client, metricsServer, stop };
}

/**
 * How long the dashboard reuses what it read by REST of another shard process's guild: its roles and owner (so a
 * role losing Manage Server counts within this time; a member losing the role counts at once), channels and the
 * bot's member.
 */
const DASHBOARD_GUILD_TTL_MS = 5_000;
/** How long a member's name read by REST is reused on public pages (leaderboards), which anyone may reload. */
const DASHBOARD_NAME_TTL_MS = 10 * 60_000;

/** The dashboard's services; its HTTP server is `@sapphire/plugin-api`'s, which listens before login. */
function createDashboard(config: BotConfig, settings: DashboardConfig): Dashboard {
  let oauth: DiscordOAuth | undefined;
  // The guilds of this process's shards from its cache; the others' (the dashboard runs in one process) by REST.
  const guilds = new DashboardGuilds({
    cached: (guildId) => container.client.guilds.cache.get(guildId),
    owns: (guildId) => ownsGuildWith(config.role, config.shards, guildId),
    known: (guildIds) => container.guildSettings.knownGuilds(guildIds),
    rest: new GuildsOverRest({
      rest: container.client.rest,
      botUserId: () => container.client.user!.id,
      ttlMs: DASHBOARD_GUILD_TTL_MS,
      nameTtlMs: DASHBOARD_NAME_TTL_MS,
      maxEntries: 10_000,
    }),
  });
  const dashboard: Dashboard = new Dashboard({
    sessions: new SessionStore(
      container.redis,
      config.redisNamespace,
      settings.sessionSecret,
      settings.url?.startsWith('https:') ?? false,
    ),
    // Built on first use: without DASHBOARD_CLIENT_ID, the client id is the bot's application id, known after login.
    oauth: () =>
      (oauth ??= new DiscordOAuth({
        apiUrl: config.discordApiUrl,
        clientId: settings.clientId ?? container.client.application!.id,
        clientSecret: settings.clientSecret,
        redirectUri: `${dashboard.url}/oauth/callback`,
      })),
    guilds,
    access: new DashboardAccess(guilds, container.permissions),
    configuredUrl: settings.url,
    address: () => container.server.server.address(),
    logError: (message, error) => container.logger.error(message, error),
  });
  return dashboard;
}
