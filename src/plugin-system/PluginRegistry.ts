import { basename, dirname, resolve } from 'node:path';
import type { Piece } from '@sapphire/framework';
import type { Client, ClientEvents } from 'discord.js';
import type { LoadedPlugin } from './definePlugin';
import { CORE_EVENT_GUILDS, DISCORD_EVENT_GUILDS, type GuildsOfEvent } from './eventGuilds';

/** The installed plugins (fixed at start-up), and which plugin a piece belongs to. */
export class PluginRegistry {
  private readonly byName: Map<string, LoadedPlugin>;
  private readonly byDirectory: Map<string, LoadedPlugin>;
  /** Asked for every event a plugin listener gets, so resolved once per piece (null: a core piece). */
  private readonly byPiece = new WeakMap<Piece, LoadedPlugin | null>();

  /** Discord's events, the core's and every installed plugin's custom events, each with the guild it belongs to. */
  private readonly eventGuilds: ReadonlyMap<string, GuildsOfEvent>;

  public constructor(public readonly all: readonly LoadedPlugin[]) {
    this.byName = new Map(all.map((plugin) => [plugin.name, plugin]));
    this.byDirectory = new Map(all.map((plugin) => [resolve(plugin.directory), plugin]));
    this.eventGuilds = new Map(
      [DISCORD_EVENT_GUILDS, CORE_EVENT_GUILDS, ...all.map((plugin) => plugin.events)].flatMap((table) =>
        Object.entries(table),
      ),
    );
  }

  /**
   * The installed plugin that declares `event` in its events.ts: how a plugin finds an optional partner by an event
   * the partner owns — a name the compiler checks against `ClientEvents` — rather than by a plugin name as a string.
   */
  public declarerOf(event: keyof ClientEvents): LoadedPlugin | undefined {
    return this.all.find((plugin) => Object.hasOwn(plugin.events, event));
  }

  /** Whether a plugin listener may listen to this event: a Discord event in the table, or a plugin's declared one. */
  public knowsEvent(event: string | symbol): boolean {
    return typeof event === 'string' && this.eventGuilds.has(event);
  }

  /**
   * The guild (or guilds) an event belongs to, null for an event of no guild, from the declared tables. One guild
   * comes as it is, not in a list: this runs for every message once per plugin listener.
   */
  public guildsOfEvent(event: string, client: Client, args: readonly unknown[]): string | readonly string[] | null {
    const guildsOf = this.eventGuilds.get(event) as ((client: Client, ...args: unknown[]) => unknown) | undefined;
    if (!guildsOf) throw new Error(`No guild is declared for the event "${event}".`);
    return guildsOf(client, ...args) as string | readonly string[] | null;
  }

  public get(name: string): LoadedPlugin | undefined {
    return this.byName.get(name);
  }

  public get names(): string[] {
    return this.all.map((plugin) => plugin.name);
  }

  /** Installed plugins that list `name` among their dependencies. */
  public dependentsOf(name: string): LoadedPlugin[] {
    return this.all.filter((plugin) => plugin.dependencies.includes(name));
  }

  /**
   * The plugin a piece was loaded from, from its location (`plugins/<name>/<store>/…`), or undefined for the core's.
   * A piece's `location.root` is its store folder inside the plugin.
   */
  public ofPiece(piece: Piece): LoadedPlugin | undefined {
    let plugin = this.byPiece.get(piece);
    if (plugin === undefined) {
      plugin = this.byDirectory.get(dirname(resolve(piece.location.root))) ?? null;
      this.byPiece.set(piece, plugin);
    }
    return plugin ?? undefined;
  }

  /** Same as {@link ofPiece}, by name, for messages. */
  public nameOfPiece(piece: Piece): string | undefined {
    const plugin = this.ofPiece(piece);
    return plugin ? basename(plugin.directory) : undefined;
  }
}
