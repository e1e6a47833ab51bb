import type { Listener } from '@sapphire/framework';
import type { GatewayDispatchEvents, GatewayDispatchPayload } from 'discord-api-types/v10';
import { PluginListener, type PluginListenerOptions } from './PluginListener';

/** The `d` of a gateway dispatch, by its name (`MESSAGE_UPDATE` → `GatewayMessageUpdateDispatchData`). */
export type DispatchData<T extends GatewayDispatchEvents> = Extract<GatewayDispatchPayload, { t: T }>['d'];

/**
 * A plugin listener on a raw gateway dispatch (the client's `ws` emitter, which discord.js fires before it builds its
 * objects), gated per guild like any plugin listener. For hot paths whose listener needs a few fields of the payload:
 * the client caches no messages, so for every MESSAGE_UPDATE discord.js would otherwise build a partial message,
 * clone it and patch it — several times the cost of what the audit log reads — and without the Message partial it
 * skips that work entirely. The dispatches a plugin may use are declared in `src/plugin-system/eventGuilds.ts`.
 */
export abstract class PluginGatewayListener<T extends GatewayDispatchEvents> extends PluginListener<symbol> {
  public constructor(context: Listener.LoaderContext, options: PluginListenerOptions & { event: T }) {
    super(context, { ...options, emitter: 'ws' });
  }

  public abstract override runEnabled(data: DispatchData<T>, shardId: number, guildId: string | null): unknown;
}
