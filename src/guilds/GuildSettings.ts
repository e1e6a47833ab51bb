import { UserError } from '@sapphire/framework';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { GuildConfig } from '../database/entities/GuildConfig';
import { GuildPlugin } from '../database/entities/GuildPlugin';
import { PermissionOverride } from '../database/entities/PermissionOverride';
import { attachPlugins, type PluginStateSource } from '../plugin-system/definePlugin';
import type { PluginRegistry } from '../plugin-system/PluginRegistry';
import type { GuildHookBus, GuildHookCall } from '../redis/GuildHookBus';
import type { InvalidationBus } from '../redis/InvalidationBus';
import {
  sameSetting,
  SettingsChangeLog,
  type SettingChange,
  type SettingsActor,
  type SettingsChangeEvent,
} from './settingsChanges';

/** Everything the core keeps per guild, loaded in one go and cached until some process changes it. */
export interface GuildState {
  /** The stored row, or an unsaved one with defaults when the guild has none yet. */
  config: GuildConfig;
  plugins: ReadonlyMap<string, GuildPlugin>;
  permissionOverrides: readonly PermissionOverride[];
}

export type EditableGuildConfig = Partial<
  Pick<
    GuildConfig,
    | 'prefix'
    | 'logChannelId'
    | 'modLogChannelId'
    | 'supportCategoryId'
    | 'ticketLogChannelId'
    | 'welcomeChannelId'
    | 'modRoleId'
    | 'adminRoleId'
    | 'supportRoleId'
    | 'auditEvents'
  >
>;

/** How long enabling, disabling or configuring a plugin waits for the plugin's hook before answering anyway. */
const HOOK_WAIT_MS = 5_000;

/**
 * Per-guild configuration, plugin enablement and plugin settings, cached per process. Every write goes through
 * {@link GuildSettings.change}: it names who made it, is recorded in `settings_change` and announced as the client
 * event `settingsChange`, and publishes an invalidation on Redis so all processes (shards, workers) drop their copy;
 * a generation counter keeps a load that raced with an invalidation from caching stale data.
 */
export class GuildSettings implements PluginStateSource {
  private readonly cache = new Map<string, Promise<GuildState>>();
  /** The same states once loaded, for callers on the message hot path that must not wait a tick per check. */
  private readonly loaded = new Map<string, GuildState>();
  private readonly generations = new Map<string, number>();
  /** Each loaded state's plugin settings, parsed once: the message hot path reads them per message. */
  private readonly parsedSettings = new WeakMap<GuildState, Map<string, Record<string, unknown>>>();
  /** The record of every change (the dashboard's history page reads it). */
  public readonly changes: SettingsChangeLog;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PluginRegistry,
    private readonly bus: InvalidationBus,
    public readonly defaultPrefix: string,
    private readonly logError: (message: string, error: unknown) => void,
    /** Announces a recorded change; the bot emits it as the client event `settingsChange`. */
    private readonly announce: (event: SettingsChangeEvent) => void,
    /** Takes hooks to the guild's owner; without it (one process, a test) every hook runs here. */
    private readonly hooks?: GuildHookBus,
  ) {
    this.changes = new SettingsChangeLog(dataSource);
    attachPlugins(registry.all, this);
    bus.onInvalidate((guildId) => this.forget(guildId));
    bus.onReset(() => {
      for (const guildId of [...this.cache.keys()]) this.forget(guildId);
    });
    // Sent by the process that made the change: read it from the database, whichever message arrives first.
    hooks?.onCall((call) => {
      this.forget(call.guildId);
      return this.runHookHere(call);
    });
  }

  public get(guildId: string): Promise<GuildState> {
    let state = this.cache.get(guildId);
    if (!state) {
      const generation = this.generations.get(guildId) ?? 0;
      state = this.load(guildId);
      this.cache.set(guildId, state);
      state.then(
        (loaded) => {
          if ((this.generations.get(guildId) ?? 0) !== generation) this.cache.delete(guildId);
          else this.loaded.set(guildId, loaded);
        },
        () => this.cache.delete(guildId),
      );
    }
    return state;
  }

  /**
   * Loads the states of many guilds in a few queries and caches them, as {@link get} would one by one. The bot
   * calls it at start-up with every guild it is in: otherwise the first messages of each guild wait for its load,
   * and while the database answers, the gateway keeps delivering, so a busy bot piles up thousands of parsed
   * messages in memory before the first state arrives.
   */
  public async preload(guildIds: readonly string[], batchSize = 1000): Promise<void> {
    for (let start = 0; start < guildIds.length; start += batchSize) {
      const batch = guildIds.slice(start, start + batchSize).filter((guildId) => !this.cache.has(guildId));
      if (batch.length === 0) continue;
      const generations = new Map(batch.map((guildId) => [guildId, this.generations.get(guildId) ?? 0]));
      const [configs, plugins, permissionOverrides] = await Promise.all([
        this.dataSource.getRepository(GuildConfig).findBy({ id: In(batch) }),
        this.dataSource.getRepository(GuildPlugin).findBy({ guildId: In(batch) }),
        this.dataSource.getRepository(PermissionOverride).findBy({ guildId: In(batch) }),
      ]);
      const states = new Map<string, GuildState>(
        batch.map((guildId) => [
          guildId,
          { config: defaultGuildConfig(guildId), plugins: new Map<string, GuildPlugin>(), permissionOverrides: [] },
        ]),
      );
      for (const config of configs) states.get(config.id)!.config = config;
      for (const row of plugins) (states.get(row.guildId)!.plugins as Map<string, GuildPlugin>).set(row.plugin, row);
      for (const row of permissionOverrides)
        (states.get(row.guildId)!.permissionOverrides as PermissionOverride[]).push(row);
      for (const [guildId, state] of states) {
        // A get() that started meanwhile, or an invalidation that arrived meanwhile, wins over this load.
        if (this.cache.has(guildId) || (this.generations.get(guildId) ?? 0) !== generations.get(guildId)) continue;
        this.cache.set(guildId, Promise.resolve(state));
        this.loaded.set(guildId, state);
      }
    }
  }

  public async prefixFor(guildId: string | null): Promise<string> {
    if (!guildId) return this.defaultPrefix;
    return (await this.get(guildId)).config.prefix ?? this.defaultPrefix;
  }

  /** {@link prefixFor} without waiting: undefined while the guild's state is not loaded. */
  public prefixNow(guildId: string): string | undefined {
    const state = this.loaded.get(guildId);
    return state && (state.config.prefix ?? this.defaultPrefix);
  }

  public async isEnabled(guildId: string, plugin: string): Promise<boolean> {
    const manifest = this.registry.get(plugin);
    if (!manifest) return false;
    return (await this.get(guildId)).plugins.get(plugin)?.enabled ?? manifest.defaultEnabled;
  }

  /** {@link isEnabled} without waiting: undefined while the guild's state is not loaded (then use `isEnabled`). */
  public isEnabledNow(guildId: string, plugin: string): boolean | undefined {
    const manifest = this.registry.get(plugin);
    if (!manifest) return false;
    const state = this.loaded.get(guildId);
    return state ? (state.plugins.get(plugin)?.enabled ?? manifest.defaultEnabled) : undefined;
  }

  /**
   * A plugin's settings in this guild: stored values over the schema's defaults. Plugins read their own through
   * their typed handle (`economy.settings(guildId)`); this untyped form is for the core's `/plugins config`.
   */
  public async pluginSettingsOf(guildId: string, plugin: string): Promise<Record<string, unknown>> {
    return this.parsePluginSettings(await this.get(guildId), plugin);
  }

  /**
   * {@link pluginSettingsOf} without waiting: undefined while the guild's state is not loaded. The same object is
   * returned until the guild's state changes, so hot paths may cache what they derive from it by identity.
   */
  public pluginSettingsNow(guildId: string, plugin: string): Record<string, unknown> | undefined {
    const state = this.loaded.get(guildId);
    return state && this.parsePluginSettings(state, plugin);
  }

  private parsePluginSettings(state: GuildState, plugin: string): Record<string, unknown> {
    let byPlugin = this.parsedSettings.get(state);
    if (!byPlugin) this.parsedSettings.set(state, (byPlugin = new Map()));
    let settings = byPlugin.get(plugin);
    if (!settings) {
      settings = this.parseStoredSettings(plugin, state.plugins.get(plugin)?.settings ?? {});
      byPlugin.set(plugin, settings);
    }
    return settings;
  }

  /** Stored settings over the schema's defaults. */
  private parseStoredSettings(plugin: string, stored: Record<string, unknown>): Record<string, unknown> {
    const schema = this.registry.get(plugin)?.settings;
    const parsed = schema?.safeParse(stored);
    // Stored settings were valid when written; if a plugin update changed its schema, fall back to defaults.
    return (parsed ? (parsed.success ? parsed.data : schema!.parse({})) : {}) as Record<string, unknown>;
  }

  /**
   * The one way a guild's settings change (plugins, their settings, `/config`, permission overrides): `work` writes
   * in a transaction and says what changed, which is recorded in `settings_change` in the same transaction (never a
   * change without its record); then every process drops its copy of the guild and the change is announced.
   */
  public async change<T>(
    guildId: string,
    actor: SettingsActor,
    work: (manager: EntityManager) => Promise<{ result: T; changes: SettingChange[] }>,
  ): Promise<T> {
    const { result, event } = await this.dataSource.transaction(async (manager) => {
      const done = await work(manager);
      return { result: done.result, event: await this.changes.store(manager, guildId, actor, done.changes) };
    });
    await this.invalidate(guildId);
    if (event) {
      try {
        this.announce(event);
      } catch (error) {
        // The change stands: a listener's failure is the operator's to see, not the admin's.
        this.logError(`Announcing a settings change of guild ${guildId} failed:`, error);
      }
    }
    return result;
  }

  /** Changes some of the core settings of `/config`; each field that differs from before is recorded. */
  public async updateConfig(
    guildId: string,
    guildName: string,
    patch: EditableGuildConfig,
    actor: SettingsActor,
  ): Promise<GuildConfig> {
    await this.change(guildId, actor, async (manager) => {
      const repository = manager.getRepository(GuildConfig);
      const before =
        (await repository.findOne({ where: { id: guildId }, lock: { mode: 'pessimistic_write' } })) ??
        defaultGuildConfig(guildId);
      await repository.upsert({ id: guildId, name: guildName.slice(0, 100), ...patch }, ['id']);
      const changes = (Object.keys(patch) as (keyof EditableGuildConfig)[])
        .filter((field) => patch[field] !== undefined && !sameSetting(before[field], patch[field]))
        .map((field): SettingChange => ({
          target: { kind: 'config', field },
          before: before[field],
          after: patch[field],
        }));
      return { result: undefined, changes };
    });
    return (await this.get(guildId)).config;
  }

  /** Records the guild's name when the bot joins or the guild is renamed; keeps existing settings. */
  public async recordGuild(guildId: string, guildName: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(GuildConfig)
      .values({ id: guildId, name: guildName.slice(0, 100) })
      .orUpdate(['name'], ['id'])
      .execute();
    await this.invalidate(guildId);
  }

  /**
   * Records every guild a shard process is in when it connects, in batches (the bot's guilds then all have a row,
   * joined before {@link recordGuild} existed or while the process was down, so another process — the dashboard's —
   * can tell the bot's guilds from others). Only names change in existing rows, and nothing cached reads them.
   */
  public async recordGuilds(guilds: readonly { id: string; name: string }[], batchSize = 1000): Promise<void> {
    for (let start = 0; start < guilds.length; start += batchSize) {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(GuildConfig)
        .values(guilds.slice(start, start + batchSize).map(({ id, name }) => ({ id, name: name.slice(0, 100) })))
        .orUpdate(['name'], ['id'])
        .execute();
    }
  }

  /** Which of these guilds have a row: the bot has been in them (see {@link recordGuilds}). */
  public async knownGuilds(guildIds: readonly string[]): Promise<Set<string>> {
    if (guildIds.length === 0) return new Set();
    const rows = await this.dataSource
      .getRepository(GuildConfig)
      .find({ select: { id: true }, where: { id: In([...guildIds]) } });
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Enables a plugin. Refuses when one of its dependencies is off in this guild, naming them, so the admin
   * knows what to enable first.
   */
  public async enablePlugin(guildId: string, plugin: string, actor: SettingsActor): Promise<void> {
    const manifest = this.requirePlugin(plugin);
    const missing: string[] = [];
    for (const dependency of manifest.dependencies) {
      if (!(await this.isEnabled(guildId, dependency))) missing.push(dependency);
    }
    if (missing.length > 0) {
      throw new UserError({
        identifier: 'PluginDependencyDisabled',
        message: `**${plugin}** needs ${formatList(missing)} enabled first. Enable ${missing.length === 1 ? 'it' : 'them'}, then try again.`,
        context: { missing },
      });
    }
    await this.setEnabled(guildId, plugin, true, actor);
    await this.runHook({ guildId, plugin, hook: 'reconcile' });
  }

  /** Disables a plugin. Refuses while another enabled plugin depends on it. */
  public async disablePlugin(guildId: string, plugin: string, actor: SettingsActor): Promise<void> {
    this.requirePlugin(plugin);
    const needing: string[] = [];
    for (const dependent of this.registry.dependentsOf(plugin)) {
      if (await this.isEnabled(guildId, dependent.name)) needing.push(dependent.name);
    }
    if (needing.length > 0) {
      throw new UserError({
        identifier: 'PluginNeededByOthers',
        message: `**${plugin}** is needed by ${formatList(needing)}. Disable ${needing.length === 1 ? 'it' : 'them'} first.`,
        context: { needing },
      });
    }
    await this.setEnabled(guildId, plugin, false, actor);
    await this.runHook({ guildId, plugin, hook: 'onGuildDisable' });
  }

  private async setEnabled(guildId: string, plugin: string, enabled: boolean, actor: SettingsActor): Promise<void> {
    const manifest = this.requirePlugin(plugin);
    await this.change(guildId, actor, async (manager) => {
      const wasEnabled = (await this.lockPluginRow(manager, guildId, plugin))?.enabled ?? manifest.defaultEnabled;
      await this.writePluginRow(manager, guildId, plugin, { enabled, updatedBy: actor.userId });
      const changes: SettingChange[] =
        wasEnabled === enabled ? [] : [{ target: { kind: 'plugin', plugin }, before: wasEnabled, after: enabled }];
      return { result: undefined, changes };
    });
  }

  /**
   * Sets one setting from text typed by an admin: JSON when it parses (numbers, booleans, lists), plain text
   * otherwise, then validated against the plugin's schema with the other stored settings.
   */
  public async setPluginSetting(
    guildId: string,
    plugin: string,
    key: string,
    rawValue: string,
    actor: SettingsActor,
  ): Promise<unknown> {
    const schema = this.settingsSchemaWithKey(plugin, key);
    const after = await this.change(guildId, actor, async (manager) => {
      const row = await this.lockPluginRow(manager, guildId, plugin);
      const stored = row?.settings ?? {};
      let candidate: Record<string, unknown> = { ...stored, [key]: parseSettingValue(rawValue) };
      let parsed = schema.safeParse(candidate);
      if (!parsed.success && candidate[key] !== rawValue) {
        // `100` or `true` may be meant as text (a currency name, say): try the raw string before refusing.
        const asText = { ...stored, [key]: rawValue };
        const retry = schema.safeParse(asText);
        if (retry.success) [candidate, parsed] = [asText, retry];
      }
      if (!parsed.success) {
        const problem = parsed.error.issues.find((issue) => issue.path[0] === key) ?? parsed.error.issues[0];
        throw new UserError({
          identifier: 'InvalidPluginSetting',
          message: `\`${rawValue.slice(0, 100)}\` is not a valid value for \`${key}\`: ${problem?.message ?? 'invalid'}.`,
        });
      }
      const enabled = row?.enabled ?? this.requirePlugin(plugin).defaultEnabled;
      await this.writePluginRow(manager, guildId, plugin, { enabled, settings: candidate, updatedBy: actor.userId });
      const before = this.parseStoredSettings(plugin, stored)[key];
      const value = (parsed.data as Record<string, unknown>)[key];
      const changes: SettingChange[] = sameSetting(before, value)
        ? []
        : [{ target: { kind: 'pluginSetting', plugin, key }, before, after: value }];
      return { result: value, changes };
    });
    await this.runHook({ guildId, plugin, hook: 'onSettingsChange', key });
    return after;
  }

  /**
   * Sets several settings at once from text (a settings form): each value read as {@link setPluginSetting} reads
   * one, then all validated together. Nothing is stored unless every value is valid; the refusal names each wrong
   * field with its schema's message. Each value that changed is recorded. Returns the settings as now stored (parsed,
   * with defaults).
   */
  public async setPluginSettings(
    guildId: string,
    plugin: string,
    rawValues: Readonly<Record<string, string>>,
    actor: SettingsActor,
  ): Promise<Record<string, unknown>> {
    const schema = this.requirePlugin(plugin).settings;
    const fields = Object.fromEntries(
      Object.keys(rawValues).map((key) => [key, this.settingsSchemaWithKey(plugin, key).shape[key] as z.ZodType]),
    );
    const { before, after } = await this.change(guildId, actor, async (manager) => {
      const row = await this.lockPluginRow(manager, guildId, plugin);
      const stored = row?.settings ?? {};
      const before = this.parseStoredSettings(plugin, stored);
      const candidate: Record<string, unknown> = { ...stored };
      const problems: Record<string, string> = {};
      for (const [key, rawValue] of Object.entries(rawValues)) {
        const field = fields[key]!;
        const asJson = parseSettingValue(rawValue);
        const checked = field.safeParse(asJson);
        // As in setPluginSetting: `100` or `true` may be meant as text.
        const value = !checked.success && asJson !== rawValue && field.safeParse(rawValue).success ? rawValue : asJson;
        const result = field.safeParse(value);
        if (!result.success) problems[key] = result.error.issues[0]?.message ?? 'Invalid value';
        candidate[key] = value;
      }
      const parsed = schema!.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems[String(issue.path[0] ?? '')] ??= issue.message;
      }
      if (Object.keys(problems).length > 0) throw new InvalidSettings(problems);
      const enabled = row?.enabled ?? this.requirePlugin(plugin).defaultEnabled;
      await this.writePluginRow(manager, guildId, plugin, { enabled, settings: candidate, updatedBy: actor.userId });
      const after = parsed.data as Record<string, unknown>;
      const changes = Object.keys(after)
        .filter((key) => !sameSetting(before[key], after[key]))
        .map((key): SettingChange => ({
          target: { kind: 'pluginSetting', plugin, key },
          before: before[key],
          after: after[key],
        }));
      return { result: { before, after }, changes };
    });
    for (const key of Object.keys(rawValues)) {
      if (sameSetting(before[key], after[key])) continue;
      await this.runHook({ guildId, plugin, hook: 'onSettingsChange', key });
    }
    return after;
  }

  /**
   * Runs a plugin's lifecycle hook after a change was stored, in the process that owns the guild: here, or handed
   * to it over Redis (see {@link GuildHookBus}). The change stands either way: a failing or undelivered hook is
   * logged for the operator (the next reconcile at start-up or on Redis' return repairs what it missed).
   */
  private async runHook(call: GuildHookCall): Promise<void> {
    if (!this.hooks || this.hooks.owns(call.guildId)) return this.runHookHere(call);
    await this.hooks
      .forward(call)
      .catch((error: unknown) =>
        this.logError(
          `Plugin "${call.plugin}": its ${call.hook} hook for guild ${call.guildId} could not reach the guild's process:`,
          error,
        ),
      );
  }

  private async runHookHere({ guildId, plugin, hook, key }: GuildHookCall): Promise<void> {
    const manifest = this.registry.get(plugin);
    const run = () =>
      hook === 'onSettingsChange' ? manifest?.onSettingsChange?.(guildId, key!) : manifest?.[hook]?.(guildId);
    const running = (async () => run())().catch((error: unknown) =>
      this.logError(`Plugin "${plugin}": its ${hook} hook failed:`, error),
    );
    // A hook waiting on Redis while it is down (its calls wait for the reconnect) must not hold the admin's command:
    // after a while the command goes on and the hook finishes in the background.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, HOOK_WAIT_MS);
      timer.unref();
    });
    await Promise.race([running, waited]);
    clearTimeout(timer);
  }

  /** Drops this process's copy and tells every other process to drop theirs. */
  public async invalidate(guildId: string): Promise<void> {
    this.forget(guildId);
    await this.bus.publish(guildId);
  }

  private forget(guildId: string): void {
    this.generations.set(guildId, (this.generations.get(guildId) ?? 0) + 1);
    this.cache.delete(guildId);
    this.loaded.delete(guildId);
  }

  /** The plugin's settings schema, or a refusal naming the settings it does have. */
  public settingsSchemaWithKey(plugin: string, key: string) {
    const schema = this.requirePlugin(plugin).settings;
    if (!schema || !Object.hasOwn(schema.shape, key)) {
      const keys = schema ? Object.keys(schema.shape) : [];
      throw new UserError({
        identifier: 'UnknownPluginSetting',
        message: keys.length
          ? `**${plugin}** has no setting \`${key.slice(0, 64)}\`. Its settings are: ${keys.map((k) => `\`${k}\``).join(', ')}.`
          : `**${plugin}** has no settings.`,
      });
    }
    return schema;
  }

  /** The installed plugin of that name, or a refusal listing the installed ones. */
  public requirePlugin(plugin: string) {
    const manifest = this.registry.get(plugin);
    if (!manifest) {
      throw new UserError({
        identifier: 'UnknownPlugin',
        message: `There is no plugin called \`${plugin.slice(0, 50)}\`. Installed plugins: ${formatList(this.registry.names)}.`,
      });
    }
    return manifest;
  }

  /** The guild's row of the plugin, locked until the transaction ends (none: the plugin was never changed there). */
  private lockPluginRow(manager: EntityManager, guildId: string, plugin: string): Promise<GuildPlugin | null> {
    return manager
      .getRepository(GuildPlugin)
      .findOne({ where: { guildId, plugin }, lock: { mode: 'pessimistic_write' } });
  }

  private async writePluginRow(
    manager: EntityManager,
    guildId: string,
    plugin: string,
    values: Pick<GuildPlugin, 'enabled' | 'updatedBy'> & Partial<Pick<GuildPlugin, 'settings'>>,
  ): Promise<void> {
    // The cast: TypeORM's deep-partial type cannot express a jsonb column of arbitrary shape.
    const row = { guildId, plugin, ...values } as QueryDeepPartialEntity<GuildPlugin>;
    await manager.getRepository(GuildPlugin).upsert(row, ['guildId', 'plugin']);
  }

  private async load(guildId: string): Promise<GuildState> {
    const [config, plugins, permissionOverrides] = await Promise.all([
      this.dataSource.getRepository(GuildConfig).findOneBy({ id: guildId }),
      this.dataSource.getRepository(GuildPlugin).findBy({ guildId }),
      this.dataSource.getRepository(PermissionOverride).findBy({ guildId }),
    ]);
    return {
      config: config ?? defaultGuildConfig(guildId),
      plugins: new Map(plugins.map((row) => [row.plugin, row])),
      permissionOverrides,
    };
  }
}

function defaultGuildConfig(guildId: string): GuildConfig {
  return Object.assign(new GuildConfig(), {
    id: guildId,
    name: '',
    prefix: null,
    logChannelId: null,
    modLogChannelId: null,
    supportCategoryId: null,
    ticketLogChannelId: null,
    welcomeChannelId: null,
    modRoleId: null,
    adminRoleId: null,
    supportRoleId: null,
    auditEvents: [],
  });
}

/** Settings a form sent that their schema refuses: one message per field, nothing stored. */
export class InvalidSettings extends UserError {
  public constructor(public readonly problems: Readonly<Record<string, string>>) {
    super({
      identifier: 'InvalidPluginSetting',
      message: Object.entries(problems)
        .map(([key, message]) => `\`${key}\`: ${message}`)
        .join('\n'),
    });
  }
}

function parseSettingValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function formatList(items: readonly string[]): string {
  const quoted = items.map((item) => `**${item}**`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
