import { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginLoadError } from '../plugin-system/discovery';
import { dispatchDirectly } from './directDispatch';

type EventArgs<E> = E extends keyof ClientEvents ? ClientEvents[E] : unknown[];

export interface PluginListenerOptions extends Listener.Options {
  /**
   * The event is another plugin's, an optional partner's: when no installed plugin declares it, this listener is
   * left unloaded (with a log line) instead of refusing to start, since nobody will emit the event.
   */
  partnerEvent?: boolean;
}

/**
 * Base of every plugin listener: `runEnabled` is called for an event only in the guilds where the plugin is enabled
 * (or where {@link PluginListener.reachesWhileDisabled} lets the event through), once per guild, with that guild's id
 * after the event's own arguments (null for an event of no guild, such as a DM or the client becoming ready, which
 * always runs). Which guild an event belongs to comes from the declared
 * tables (`src/plugin-system/eventGuilds.ts` and the plugins' `events.ts`); a listener on an undeclared event
 * refuses to load, unless it marks the event as an optional partner plugin's (`partnerEvent`).
 */
export abstract class PluginListener<E extends keyof ClientEvents | symbol = ''> extends Listener<E> {
  private readonly partnerEvent: boolean;

  public constructor(context: Listener.LoaderContext, options: PluginListenerOptions = {}) {
    super(context, options);
    this.partnerEvent = options.partnerEvent ?? false;
    dispatchDirectly(this);
  }

  public override onLoad() {
    if (!this.container.plugins.knowsEvent(this.event) && this.partnerEvent) {
      this.container.logger.info(
        `Listener "${this.name}" is not loaded: no installed plugin emits "${String(this.event)}".`,
      );
      // Sapphire unloads a piece that disables itself while loading.
      this.enabled = false;
      return super.onLoad();
    }
    if (!this.container.plugins.knowsEvent(this.event)) {
      throw new PluginLoadError(
        `Listener "${this.name}" listens to "${String(this.event)}", an event with no declared guild: add it to src/plugin-system/eventGuilds.ts, or declare it in its plugin's events.ts.`,
      );
    }
    return super.onLoad();
  }

  public override run(...args: EventArgs<E>): unknown {
    const { plugins, client } = this.container;
    const plugin = plugins.ofPiece(this);
    const guilds = plugins.guildsOfEvent(this.event as string, client, args);
    if (!plugin || guilds === null) return this.runEnabled(...args, null);
    const single = typeof guilds === 'string' ? guilds : guilds.length === 1 ? guilds[0] : undefined;
    if (single !== undefined) {
      // Every message passes here once per plugin listener: answer from the loaded state without a tick when we can.
      const enabled = plugin.handle.isEnabledNow(single);
      if (enabled !== undefined) {
        return enabled || this.reachesWhileDisabled(...args) ? this.runEnabled(...args, single) : undefined;
      }
    }
    const guildIds = typeof guilds === 'string' ? [guilds] : guilds;
    return Promise.all(
      guildIds.map(async (guildId) => {
        if ((await plugin.handle.isEnabled(guildId)) || this.reachesWhileDisabled(...args)) {
          await this.runEnabled(...args, guildId);
        }
      }),
    );
  }

  /**
   * Whether this event still reaches `runEnabled` in a guild where the plugin is off. Never, unless a listener says
   * so for the one event that turned its own plugin off (the audit log records its own disabling).
   */
  protected reachesWhileDisabled(..._args: EventArgs<E>): boolean {
    return false;
  }

  /** The event, in a guild where the plugin is enabled (`guildId`), or of no guild (null). */
  public abstract runEnabled(...args: [...EventArgs<E>, guildId: string | null]): unknown;
}
