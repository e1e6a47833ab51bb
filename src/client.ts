import '@sapphire/plugin-api/register';
import '@sapphire/plugin-logger/register';
import '@sapphire/plugin-scheduled-tasks/register';
import '@sapphire/plugin-subcommands/register';
import { LogLevel, PluginHook, SapphireClient, container } from '@sapphire/framework';
import {
  ClientUser,
  disableValidators,
  GatewayIntentBits,
  Options,
  Partials,
  Routes,
  type APIUser,
  type GuildMember,
  type User,
} from 'discord.js';
import type { RedisConnection } from './redis/connect';
import type { DataSource } from 'typeorm';
import type { BotConfig } from '../config';
import { buildMessagesOnlyWhenNeeded } from './chatWithoutMessages';
import { RecentCollection } from './plugin-kit/RecentCollection';
import type { Dashboard } from './dashboard/Dashboard';
import type { GuildSettings } from './guilds/GuildSettings';
import { observeRateLimit } from './metrics/collectors';
import type { PermissionService } from './permissions/PermissionService';
import type { PluginRegistry } from './plugin-system/PluginRegistry';
import { InPlaceShardingStrategy } from './sharding/InPlaceShardingStrategy';
import type { ShutdownHooks, WorkInFlight } from './lifecycle';

declare module '@sapphire/pieces' {
  interface Container {
    config: BotConfig;
    database: DataSource;
    redis: RedisConnection;
    /** The task queue's Redis connection (BullMQ's), whose state says whether jobs can be queued now. */
    schedulerRedis: RedisConnection;
    plugins: PluginRegistry;
    guildSettings: GuildSettings;
    permissions: PermissionService;
    shutdownHooks: ShutdownHooks;
    /** Commands running now, which shutdown lets finish and answer. */
    work: WorkInFlight;
    /** The web dashboard's services, when DASHBOARD_PORT is set. */
    dashboard: Dashboard;
  }
}

const LOG_LEVELS: Record<BotConfig['logLevel'], LogLevel> = {
  trace: LogLevel.Trace,
  debug: LogLevel.Debug,
  info: LogLevel.Info,
  warn: LogLevel.Warn,
  error: LogLevel.Error,
  fatal: LogLevel.Fatal,
  none: LogLevel.None,
};

const otherCaches = Options.cacheWithLimits({
  ...Options.DefaultMakeCacheSettings,
  MessageManager: 0,
  PresenceManager: 0,
});
// discord.js's builders (EmbedBuilder, ButtonBuilder…) check every call with @sapphire/shapeshift, whose optional
// and nullable checks build a ValidationError, stack trace included, for each branch that does not match: 3.9 % of
// the bot's busy time under bench:commands. respond() already cuts every reply to Discord's limits
// (plugin-kit/discordLimits), and Discord answers anything else it refuses with an error the core reports.
disableValidators();

const isOwnMember = (member: GuildMember) => member.id === member.client.user.id;
const isOwnUser = (user: User) => user.id === user.client.user.id;

/**
 * The task queue's name: one per namespace (the plugin's Worker ignores BullMQ's prefix option). On a Redis Cluster
 * it is a hash tag, as BullMQ requires there: every key of the queue then lives in one slot, so its scripts, which
 * touch several keys at once, run.
 */
export function taskQueueName(config: Pick<BotConfig, 'redis' | 'redisNamespace'>): string {
  const name = `${config.redisNamespace}-tasks`;
  return config.redis.kind === 'cluster' ? `{${name}}` : name;
}

/** The bot's Sapphire client: intents, prefix per guild, REST target, task queue and logger from configuration. */
export class BotClient extends SapphireClient {
  public constructor(config: BotConfig, tasksConnection: RedisConnection) {
    super({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMembers,
        GatewayIntentBits.GuildModeration,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.GuildMessageReactions,
        GatewayIntentBits.MessageContent,
        GatewayIntentBits.DirectMessages,
        GatewayIntentBits.GuildVoiceStates,
      ],
      // Channel: a DM's channel is never cached. The member and user partials let member, user and thread events
      // through for what is not cached; their listeners cope with partial arguments. No Message partial: the
      // client caches no messages, so with it discord.js would build, clone and patch a partial message for every
      // MESSAGE_UPDATE, DELETE and reaction only to hand it on; listeners of those take the gateway payloads themselves
      // (PluginGatewayListener), and discord.js drops the events at once.
      partials: [Partials.Channel, Partials.User, Partials.GuildMember, Partials.ThreadMember],
      // Nothing reads past messages from the cache (moderation's /purge fetches them by REST with `cache: false`;
      // tickets record messages from events), so with chat load the default 200 messages per channel were only a
      // cost. A message's reactions keep discord.js's plain Collection: the message itself is never kept, and a
      // size-limited one per message cost more to build than it saved. Members and users are kept only as far as
      // `MEMBER_CACHE_SIZE` (per server) and `USER_CACHE_SIZE`: a server of 100,000 members would otherwise hold every
      // one who ever spoke. The oldest cached goes first; the bot's own member and user always stay. Code needing a
      // member fetches it (`guild.members.fetch(id)` answers from the cache when it can, by REST otherwise) or reads
      // the one its event carried.
      makeCache: (managerType, holds, manager) => {
        if (manager.name === 'GuildMemberManager') {
          return new RecentCollection<string, GuildMember>(config.memberCacheSize, isOwnMember);
        }
        if (manager.name === 'UserManager') return new RecentCollection<string, User>(config.userCacheSize, isOwnUser);
        return otherCaches(managerType, holds, manager);
      },
      // The core's own pieces; each plugin's folder is registered by the bot before login.
      baseUserDirectory: __dirname,
      loadMessageCommandListeners: true,
      // Our listeners in listeners/errors answer the user and log only what is not the user's mistake; the
      // defaults would log every UserError (a bad amount, a missing permission) as an error.
      loadDefaultErrorListeners: false,
      loadSubcommandErrorListeners: false,
      caseInsensitiveCommands: true,
      caseInsensitivePrefixes: true,
      defaultPrefix: config.defaultPrefix,
      fetchPrefix: (message) => container.guildSettings.prefixFor(message.guildId),
      // Nothing the bot sends may ping @everyone, @here or a role unless a message names it explicitly.
      allowedMentions: { parse: ['users'], repliedUser: false },
      rest: {
        api: config.discordApiUrl,
        globalRequestsPerSecond: config.restRequestsPerSecond,
        // Counts 429 responses for the metrics; it never rejects, so rate-limited requests still wait and retry.
        rejectOnRateLimit: observeRateLimit,
      },
      logger: { level: LOG_LEVELS[config.logLevel] },
      // The gateway's shards as discord.js runs them, without a copy of every event (see the strategy).
      ws: { buildStrategy: (manager) => new InPlaceShardingStrategy(manager) },
      // SHARD_IDS/SHARD_COUNT, or the shards a shard manager gave this process; unset, discord.js's default.
      ...(config.shards && { shards: config.shards.ids, shardCount: config.shards.count }),
      // Ours (listeners/tasks) log a Redis outage once instead of a stack trace per retry.
      loadScheduledTaskErrorListeners: false,
      // The web dashboard's HTTP server (routes are pieces: the core's in routes/, a plugin's in its routes/ folder).
      // Its pieces always load; it listens only when DASHBOARD_PORT is set. No route of the plugin's own OAuth2 is
      // enabled (no `auth`): they post to Discord's fixed URLs, and the dashboard's own routes use DISCORD_API_URL.
      api: {
        prefix: '',
        automaticallyConnect: config.dashboard !== undefined,
        listenOptions: { port: config.dashboard?.port ?? 0, host: config.dashboard?.host ?? '127.0.0.1' },
        // CORS: only the dashboard's own origin (its pages are same-origin; no other site reads its answers).
        origin: config.dashboard?.url ?? `http://localhost:${config.dashboard?.port ?? 0}`,
        // Forms and settings are small; nothing is uploaded.
        maximumBodyLength: 256 * 1024,
      },
      tasks: {
        queue: taskQueueName(config),
        bull: { connection: tasksConnection },
      },
    });
    buildMessagesOnlyWhenNeeded(this);
  }

  /**
   * `ROLE=worker`: what Sapphire's `login` does (plugin hooks, every store loaded) without the gateway: REST gets the
   * token and `user` comes from `GET /users/@me`, so tasks act through REST and the database as anywhere else.
   */
  public async loginWithoutGateway(token: string): Promise<void> {
    if (this.options.baseUserDirectory) this.stores.registerPath(this.options.baseUserDirectory);
    for (const plugin of SapphireClient.plugins.values(PluginHook.PreLogin)) await plugin.hook.call(this, this.options);
    await Promise.all([...this.stores.values()].map((store) => store.loadAll()));
    this.token = token;
    this.rest.setToken(token);
    const me = (await this.rest.get(Routes.user())) as APIUser;
    // What discord.js does with READY's user; its typings keep the constructor private.
    this.user = new (ClientUser as unknown as new (client: SapphireClient, data: APIUser) => ClientUser)(this, me);
    for (const plugin of SapphireClient.plugins.values(PluginHook.PostLogin))
      await plugin.hook.call(this, this.options);
  }
}
