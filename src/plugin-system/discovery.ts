import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { PluginHandle, type LoadedPlugin } from './definePlugin';
import { CORE_EVENT_GUILDS, DISCORD_EVENT_GUILDS } from './eventGuilds';

/** The Sapphire store folders a plugin (or the core) may hold, by store name. */
export const PIECE_FOLDERS = [
  'arguments',
  'commands',
  'interaction-handlers',
  'listeners',
  'middlewares',
  'preconditions',
  'routes',
  'scheduled-tasks',
] as const;

const PIECE_EXTENSIONS = new Set(['.ts', '.js', '.cjs', '.mjs', '.cts', '.mts']);

/** A plugin folder or set of plugins that cannot be loaded; the message says which and why. */
export class PluginLoadError extends Error {
  public override readonly name = 'PluginLoadError';
}

/**
 * Reads every `<dir>/<name>/index` manifest in the given plugin folders, validates them and returns the plugins
 * in dependency order (a plugin after everything it depends on). `coreDirectory`, when given, is scanned for piece
 * names too, so a plugin cannot silently replace a core piece.
 */
export function discoverPlugins(pluginDirectories: readonly string[], coreDirectory?: string): LoadedPlugin[] {
  const plugins: LoadedPlugin[] = [];
  const byName = new Map<string, LoadedPlugin>();
  for (const directory of pluginDirectories) {
    if (!existsSync(directory)) continue;
    for (const folder of readdirSync(directory).sort()) {
      const pluginDirectory = join(directory, folder);
      if (!statSync(pluginDirectory).isDirectory()) continue;
      const plugin = loadManifest(pluginDirectory);
      const existing = byName.get(plugin.name);
      if (existing) {
        throw new PluginLoadError(
          `Two plugins are named "${plugin.name}": ${existing.directory} and ${plugin.directory}. Rename one.`,
        );
      }
      byName.set(plugin.name, plugin);
      plugins.push(plugin);
    }
  }
  for (const plugin of plugins) {
    for (const dependency of plugin.dependencies) {
      if (!byName.has(dependency)) {
        throw new PluginLoadError(
          `Plugin "${plugin.name}" depends on "${dependency}", which is not installed (no plugins/${dependency}/ folder).`,
        );
      }
    }
  }
  const ordered = orderByDependencies(plugins, byName);
  assertUniqueLeaderboards(ordered);
  assertUniqueEvents(ordered);
  assertUniquePieceNames(ordered, coreDirectory);
  return ordered;
}

function loadManifest(pluginDirectory: string): LoadedPlugin {
  const folder = basename(pluginDirectory);
  const indexFile = ['index.ts', 'index.js']
    .map((file) => join(pluginDirectory, file))
    .find((file) => existsSync(file));
  if (!indexFile) {
    throw new PluginLoadError(`Plugin folder ${pluginDirectory} has no index.ts manifest.`);
  }
  let exported: unknown;
  try {
    exported = (require(indexFile) as { default?: unknown }).default;
  } catch (error) {
    throw new PluginLoadError(`Plugin "${folder}" failed to load its manifest: ${(error as Error).message}`);
  }
  if (!(exported instanceof PluginHandle)) {
    throw new PluginLoadError(`Plugin "${folder}": index.ts must \`export default definePlugin({...})\`.`);
  }
  const handle: PluginHandle = exported;
  const { manifest } = handle;
  if (manifest.name !== folder) {
    throw new PluginLoadError(
      `Plugin in folder "${folder}" is named "${String(manifest.name)}"; a plugin's name must equal its folder name.`,
    );
  }
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(manifest.name)) {
    throw new PluginLoadError(`Plugin name "${manifest.name}" must be lower-case letters, digits and dashes.`);
  }
  if (typeof manifest.description !== 'string' || manifest.description.length === 0) {
    throw new PluginLoadError(`Plugin "${manifest.name}" needs a description.`);
  }
  if (manifest.settings) {
    const defaults = manifest.settings.safeParse({});
    if (!defaults.success) {
      throw new PluginLoadError(
        `Plugin "${manifest.name}": every setting needs a default (${defaults.error.issues.map((i) => i.path.join('.')).join(', ')}).`,
      );
    }
  }
  return {
    name: manifest.name,
    description: manifest.description,
    dependencies: manifest.dependencies ?? [],
    defaultEnabled: manifest.defaultEnabled ?? false,
    settings: manifest.settings,
    entities: manifest.entities ?? [],
    migrations: manifest.migrations ?? [],
    leaderboards: manifest.leaderboards ?? [],
    events: manifest.events ?? {},
    reconcile: manifest.reconcile,
    onGuildDisable: manifest.onGuildDisable,
    onSettingsChange: manifest.onSettingsChange,
    handle,
    directory: pluginDirectory,
  };
}

/** Each board is a `/leaderboard` subcommand: its name must be a valid, unique subcommand name. */
function assertUniqueLeaderboards(plugins: readonly LoadedPlugin[]): void {
  const owners = new Map<string, string>();
  for (const plugin of plugins) {
    for (const board of plugin.leaderboards) {
      if (!/^[a-z][a-z0-9-]{0,31}$/.test(board.name)) {
        throw new PluginLoadError(
          `Plugin "${plugin.name}": leaderboard name "${board.name}" must be lower-case letters, digits and dashes.`,
        );
      }
      const owner = owners.get(board.name);
      if (owner) {
        throw new PluginLoadError(
          `Plugins "${owner}" and "${plugin.name}" both declare the leaderboard "${board.name}".`,
        );
      }
      owners.set(board.name, plugin.name);
    }
  }
}

/** A custom event has one owner, which declares its guild; it cannot redefine a Discord or core event either. */
function assertUniqueEvents(plugins: readonly LoadedPlugin[]): void {
  const owners = new Map<string, string>();
  for (const plugin of plugins) {
    for (const event of Object.keys(plugin.events)) {
      if (Object.hasOwn(DISCORD_EVENT_GUILDS, event)) {
        throw new PluginLoadError(`Plugin "${plugin.name}" declares the event "${event}", which is a Discord event.`);
      }
      if (Object.hasOwn(CORE_EVENT_GUILDS, event)) {
        throw new PluginLoadError(`Plugin "${plugin.name}" declares the event "${event}", which is the core's.`);
      }
      const owner = owners.get(event);
      if (owner) {
        throw new PluginLoadError(`Plugins "${owner}" and "${plugin.name}" both declare the event "${event}".`);
      }
      owners.set(event, plugin.name);
    }
  }
}

/** Depth-first topological sort; a cycle is reported with its full path. */
function orderByDependencies(plugins: LoadedPlugin[], byName: Map<string, LoadedPlugin>): LoadedPlugin[] {
  const ordered: LoadedPlugin[] = [];
  const done = new Set<string>();
  const visiting: string[] = [];
  const visit = (plugin: LoadedPlugin): void => {
    if (done.has(plugin.name)) return;
    const cycleStart = visiting.indexOf(plugin.name);
    if (cycleStart !== -1) {
      const cycle = [...visiting.slice(cycleStart), plugin.name].join(' → ');
      throw new PluginLoadError(`Plugins depend on each other in a cycle: ${cycle}.`);
    }
    visiting.push(plugin.name);
    for (const dependency of plugin.dependencies) visit(byName.get(dependency)!);
    visiting.pop();
    done.add(plugin.name);
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin);
  return ordered;
}

/**
 * Sapphire silently replaces a piece when another with the same name is loaded into a store, so two plugins with a
 * `balance` command would quietly lose one. Piece names come from file names; this checks them before loading.
 */
function assertUniquePieceNames(plugins: readonly LoadedPlugin[], coreDirectory: string | undefined): void {
  const roots = plugins.map((plugin) => plugin.directory);
  if (coreDirectory) roots.unshift(coreDirectory);
  for (const store of PIECE_FOLDERS) {
    const seen = new Map<string, string>();
    for (const root of roots) {
      for (const file of listPieceFiles(join(root, store))) {
        const name = basename(file, extname(file));
        const previous = seen.get(name);
        if (previous) {
          throw new PluginLoadError(
            `Two ${store} pieces are named "${name}": ${relative(process.cwd(), previous)} and ${relative(process.cwd(), file)}. Piece names must be unique across plugins.`,
          );
        }
        seen.set(name, file);
      }
    }
  }
}

function listPieceFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listPieceFiles(path));
    else if (PIECE_EXTENSIONS.has(extname(entry.name)) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}
