import type { RedisConnection } from './connect';

/** The plugin lifecycle hooks a change to a guild runs (see `PluginHooks`). */
export type GuildHookName = 'reconcile' | 'onGuildDisable' | 'onSettingsChange';

/** One run of a plugin's lifecycle hook for a guild, as it travels between processes. */
export interface GuildHookCall {
  guildId: string;
  plugin: string;
  hook: GuildHookName;
  /** The setting that changed (`onSettingsChange`). */
  key?: string;
}

const HOOKS: readonly string[] = ['reconcile', 'onGuildDisable', 'onSettingsChange'] satisfies GuildHookName[];

function parseCall(message: string): GuildHookCall | undefined {
  try {
    const call = JSON.parse(message) as Partial<GuildHookCall>;
    const valid =
      typeof call.guildId === 'string' &&
      typeof call.plugin === 'string' &&
      HOOKS.includes(call.hook as string) &&
      (call.hook === 'onSettingsChange') === (typeof call.key === 'string');
    return valid ? (call as GuildHookCall) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes a guild's plugin lifecycle hooks to the process that owns the guild (its gateway shard runs there), wherever
 * the change was made: a process that does not own it (the dashboard runs in the first shard process only; a worker
 * owns no guild) publishes the call on Redis, as settings invalidations are. Every process hears every call and only
 * the owner runs it, so it runs once. While no process owns the guild (its shard is down) nobody runs it: the
 * owner's reconcile at start-up rebuilds the guild's work from the database.
 */
export class GuildHookBus {
  private handler: ((call: GuildHookCall) => Promise<void>) | undefined;

  public constructor(
    private readonly publisher: RedisConnection,
    private readonly subscriber: RedisConnection,
    private readonly channel: string,
    /** Whether this process owns the guild (`ownsGuildWith` for its role and shards). */
    public readonly owns: (guildId: string) => boolean,
  ) {}

  /** What runs the calls of the guilds this process owns (the core's `GuildSettings`). */
  public onCall(handler: (call: GuildHookCall) => Promise<void>): void {
    this.handler = handler;
  }

  /**
   * Starts running the calls of owned guilds that other processes send: once the plugins are set up, and before the
   * start-up reconcile, which covers the calls sent earlier.
   */
  public async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const call = parseCall(message);
      if (call && this.owns(call.guildId)) void this.handler?.(call);
    });
    await this.subscriber.subscribe(this.channel);
  }

  /**
   * Sends the call to the guild's owner. Throws when Redis is down; then the owner's reconcile when Redis is back
   * rebuilds what the hook would have.
   */
  public async forward(call: GuildHookCall): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(call));
  }
}
