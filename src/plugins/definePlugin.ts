import type { z } from 'zod';
import type { LeaderboardDefinition } from '../leaderboards/types';

/** A migration class, as TypeORM takes it. */
export type MigrationClass = new () => object;
/** An entity class, as TypeORM takes it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM accepts any class as an entity.
export type EntityClass = Function;

/** What a plugin declares in `plugins/<name>/index.ts`. */
export interface PluginManifest<Settings extends z.ZodObject = z.ZodObject> {
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
  /**
   * Runs once per process after the database is migrated and the core services are on `container`, before login:
   * the place to put the plugin's own service on `container` and to register shutdown hooks.
   */
  setup?: () => void | Promise<void>;
}

/** A manifest after discovery: defaults filled in, and where the plugin lives. */
export interface LoadedPlugin {
  name: string;
  description: string;
  dependencies: readonly string[];
  defaultEnabled: boolean;
  settings: z.ZodObject | undefined;
  entities: readonly EntityClass[];
  migrations: readonly MigrationClass[];
  leaderboards: readonly LeaderboardDefinition[];
  setup: (() => void | Promise<void>) | undefined;
  /** Absolute path of the plugin's folder. */
  directory: string;
}

/** Identity function that gives a manifest its type; the loader validates it. */
export function definePlugin<Settings extends z.ZodObject>(
  manifest: PluginManifest<Settings>,
): PluginManifest<Settings> {
  return manifest;
}
