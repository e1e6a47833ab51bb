import type { z } from 'zod';
import type { SettingsActor } from '../guilds/settingsChanges';
import type { LeaderboardDefinition } from '../leaderboards/types';
import type { PluginEventTable } from './eventGuilds';

/** A migration class, as TypeORM takes it. */
export type MigrationClass = new () => object;
/** An entity class, as TypeORM takes it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM accepts any class as an entity.
export type EntityClass = Function;

/**
 * What a plugin's lifecycle hooks are told. Hooks run in the process that owns the guild (its gateway shard runs
 * there): the admin's command arrives there, a change made in another process (the dashboard, in the first shard
 * process only) is handed to it over Redis, and start-up (or a restart) and the Redis reconnect reconcile the guilds
 * of that process (`ownsGuild` in the plugin kit). They rebuild or cancel work kept in Redis, which every process
 * shares, and may keep per-guild state in the owner's memory.
 */
export interface PluginHooks {
  /**
   * Makes the plugin's scheduled work agree with the database (the source of truth): `guildId` for one guild (the
   * plugin was just enabled there), undefined for every guild where the plugin is enabled that this process owns
   * (`ownsGuild` from the plugin kit: start-up, Redis came back, perhaps empty). Must be idempotent: it runs again
   * whenever in doubt.
   */
  reconcile?: (guildId?: string) => Promise<void>;
  /** The plugin was disabled in a guild: cancel what it scheduled there. */
  onGuildDisable?: (guildId: string) => Promise<void>;
  /** An admin changed one of the plugin's settings in a guild. */
  onSettingsChange?: (guildId: string, key: string) => Promise<void>;
}

/** What a plugin declares in `plugins/<name>/index.ts`. The manifest only wires: types live beside it. */
export interface PluginManifest<Settings extends z.ZodObject = z.ZodObject> extends PluginHooks {
  /** Equal to the plugin's folder name. */
  name: string;
  description: string;
  /** Plugins that must be installed, and enabled in a guild before this one can be. */
  dependencies?: readonly string[];
  /** Whether a guild that never touched this plugin has it on. */
  defaultEnabled?: boolean;
  /** Per-guild settings; every key needs a default so a guild with no settings stored gets a valid object. */
  settings?: Settings;
  entities?: readonly EntityClass[];
  migrations?: readonly MigrationClass[];
  /** Boards this plugin adds to the core `/leaderboard` command, one subcommand each. */
  leaderboards?: readonly LeaderboardDefinition[];
  /** The custom client events this plugin emits, each with the guild it belongs to (see `definePluginEvents`). */
  events?: PluginEventTable;
  /**
   * Runs once per process after the database is migrated, the core services are on `container` and the client is
   * built (`container.client`, `.logger`, `.tasks` exist), before login: the place to build the plugin's service,
   * handing it this plugin's handle and what else it needs, and to register shutdown hooks.
   */
  setup?: (plugin: PluginHandle<Settings>) => void | Promise<void>;
}

/** Where a handle reads guild state from; the core's `GuildSettings` once the bot has started. */
export interface PluginStateSource {
  pluginSettingsOf(guildId: string, plugin: string): Promise<unknown>;
  pluginSettingsNow(guildId: string, plugin: string): unknown;
  isEnabled(guildId: string, plugin: string): Promise<boolean>;
  isEnabledNow(guildId: string, plugin: string): boolean | undefined;
  setPluginSetting(
    guildId: string,
    plugin: string,
    key: string,
    rawValue: string,
    actor: SettingsActor,
  ): Promise<unknown>;
}

/**
 * A plugin's typed handle, what `definePlugin` returns: it knows the plugin's name and settings type, so code never
 * names its plugin as a string or casts its settings. Services receive it through their constructor; pieces import
 * it from their plugin's `index.ts`.
 */
export class PluginHandle<Settings extends z.ZodObject = z.ZodObject> {
  private state: PluginStateSource | undefined;

  public constructor(public readonly manifest: PluginManifest<Settings>) {}

  public get name(): string {
    return this.manifest.name;
  }

  /** The plugin's settings in this guild: stored values over the schema's defaults. */
  public async settings(guildId: string): Promise<z.output<Settings>> {
    return (await this.source().pluginSettingsOf(guildId, this.name)) as z.output<Settings>;
  }

  /**
   * {@link settings} without waiting, for hot paths: undefined while the guild's state is not loaded yet. The same
   * object comes back until the guild's settings change, so what is derived from it can be cached by identity.
   */
  public settingsNow(guildId: string): z.output<Settings> | undefined {
    return this.source().pluginSettingsNow(guildId, this.name) as z.output<Settings> | undefined;
  }

  public isEnabled(guildId: string): Promise<boolean> {
    return this.source().isEnabled(guildId, this.name);
  }

  /** {@link isEnabled} without waiting: undefined while the guild's state is not loaded yet. */
  public isEnabledNow(guildId: string): boolean | undefined {
    return this.source().isEnabledNow(guildId, this.name);
  }

  /**
   * Stores one setting in a guild, validated against the schema with the guild's other settings (a `UserError`
   * says what is wrong), as `/plugins config` does: recorded with who changed it (`settingsActorOf(interaction)`
   * from the plugin kit), then the plugin's `onSettingsChange` hook runs.
   */
  public async setSetting<Key extends keyof z.output<Settings> & string>(
    guildId: string,
    key: Key,
    value: z.output<Settings>[Key],
    actor: SettingsActor,
  ): Promise<void> {
    await this.source().setPluginSetting(guildId, this.name, key, JSON.stringify(value), actor);
  }

  /**
   * Called by the core at start-up (see {@link attachPlugins}), before any plugin's `setup`. A handle is a module
   * singleton: it serves one source for the life of the process, and refuses another rather than let a second
   * settings service (a test's, a tool's) take the running bot's plugins from it.
   */
  public attach(state: PluginStateSource): void {
    this.refuseOtherSource(state);
    this.state = state;
  }

  /** Throws when the handle already serves a source other than `state`. */
  public refuseOtherSource(state: PluginStateSource): void {
    if (this.state === undefined || this.state === state) return;
    throw new Error(
      `Plugin "${this.name}" already reads its guild state from another settings service (the bot's, when one runs ` +
        'in this process). A second one over the same plugins would take them from it: give it a PluginRegistry ' +
        'of other plugins, of none, or of handles of its own (`new PluginHandle(manifest)`).',
    );
  }

  private source(): PluginStateSource {
    if (!this.state) {
      throw new Error(`Plugin "${this.name}" was asked for guild state before the bot attached its settings.`);
    }
    return this.state;
  }
}

/**
 * Attaches every plugin's handle to `state` (the core's `GuildSettings`), or none of them when one already serves
 * another source: a refusal never leaves some of the running bot's plugins reading from the refused source.
 */
export function attachPlugins(
  plugins: readonly { handle: Pick<PluginHandle, 'attach' | 'refuseOtherSource'> }[],
  state: PluginStateSource,
): void {
  for (const plugin of plugins) plugin.handle.refuseOtherSource(state);
  for (const plugin of plugins) plugin.handle.attach(state);
}

/** A manifest after discovery: defaults filled in, where the plugin lives, and its handle. */
export interface LoadedPlugin extends PluginHooks {
  name: string;
  description: string;
  dependencies: readonly string[];
  defaultEnabled: boolean;
  settings: z.ZodObject | undefined;
  entities: readonly EntityClass[];
  migrations: readonly MigrationClass[];
  leaderboards: readonly LeaderboardDefinition[];
  events: PluginEventTable;
  handle: PluginHandle;
  /** Absolute path of the plugin's folder. */
  directory: string;
}

/** Declares a plugin (`export default definePlugin({...})` in its `index.ts`); the loader validates it. */
export function definePlugin<Settings extends z.ZodObject>(manifest: PluginManifest<Settings>): PluginHandle<Settings> {
  return new PluginHandle(manifest);
}
