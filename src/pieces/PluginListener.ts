import { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { guildIdOfEventArgs, isPieceEnabledIn, isPieceEnabledNow } from './pluginGate';

/**
 * Base of every plugin listener: `run` is only called for events of guilds where the plugin is enabled (and for
 * events that belong to no guild). Implement `runEnabled` instead of `run`.
 */
export abstract class PluginListener<E extends keyof ClientEvents | symbol = ''> extends Listener<E> {
  public override run(...args: E extends keyof ClientEvents ? ClientEvents[E] : unknown[]): unknown {
    const guildId = guildIdOfEventArgs(args);
    // Every message passes here once per plugin listener: answer from the loaded state without a tick when we can.
    const enabled = isPieceEnabledNow(this, guildId);
    if (enabled !== undefined) return enabled ? this.runEnabled(...args) : undefined;
    return isPieceEnabledIn(this, guildId).then((on) => (on ? this.runEnabled(...args) : undefined));
  }

  public abstract runEnabled(...args: E extends keyof ClientEvents ? ClientEvents[E] : unknown[]): unknown;
}
