import { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { guildIdOfEventArgs, isPieceEnabledIn } from './pluginGate';

/**
 * Base of every plugin listener: `run` is only called for events of guilds where the plugin is enabled (and for
 * events that belong to no guild). Implement `runEnabled` instead of `run`.
 */
export abstract class PluginListener<E extends keyof ClientEvents | symbol = ''> extends Listener<E> {
  public override async run(...args: E extends keyof ClientEvents ? ClientEvents[E] : unknown[]): Promise<void> {
    if (!(await isPieceEnabledIn(this, guildIdOfEventArgs(args)))) return;
    await this.runEnabled(...args);
  }

  public abstract runEnabled(...args: E extends keyof ClientEvents ? ClientEvents[E] : unknown[]): unknown;
}
