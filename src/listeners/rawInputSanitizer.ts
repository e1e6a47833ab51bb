import { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord-api-types/v10';
import { Events } from 'discord.js';
import { dispatchDirectly } from '../plugin-kit/directDispatch';

/** Half of a character outside the BMP without its other half: not UTF-8, so PostgreSQL's json refuses it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `value` without U+0000 (and with a lone surrogate replaced by U+FFFD), recursing through arrays and objects in
 * place; other values unchanged.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') {
    const clean = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
    return clean.replace(LONE_SURROGATE, '\ufffd');
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = withoutNul(value[index]);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = withoutNul(record[key]);
  }
  return value;
}

/**
 * Removes U+0000 from what members type, in the gateway packet itself: every value of an interaction's data (slash
 * options, modal fields, autocomplete input) and a message's content. PostgreSQL refuses NUL in text and jsonb, so
 * a reason, a ticket title or a greeting containing one would otherwise fail to be stored after the bot had acted.
 */
export function stripNulFromPacket(packet: GatewayDispatchPayload): void {
  switch (packet.t) {
    case GatewayDispatchEvents.InteractionCreate:
      if ('data' in packet.d && packet.d.data) withoutNul(packet.d.data);
      break;
    case GatewayDispatchEvents.MessageCreate:
    case GatewayDispatchEvents.MessageUpdate:
      if (typeof packet.d.content === 'string') packet.d.content = withoutNul(packet.d.content) as string;
      break;
    default:
  }
}

/**
 * An interaction's `resolved` maps with no prototype. discord.js looks each option's value up in them
 * (`resolved.roles[option.value]`), so a text option typed as `__proto__` or `constructor` next to a role or user
 * option would find `Object.prototype` and cache it as a role or user with no id and no name — which then breaks
 * every lookup by name (Sapphire's role argument calls `role.name.toLowerCase()` on every cached role).
 */
export function nullPrototypeResolved(packet: GatewayDispatchPayload): void {
  if (packet.t !== GatewayDispatchEvents.InteractionCreate || !('data' in packet.d) || !packet.d.data) return;
  const data = packet.d.data as { resolved?: Record<string, Record<string, unknown> | undefined> };
  if (!data.resolved) return;
  for (const [kind, byId] of Object.entries(data.resolved)) {
    if (byId) data.resolved[kind] = Object.assign(Object.create(null) as Record<string, unknown>, byId);
  }
}

/**
 * discord.js emits `raw` synchronously before it builds its objects from the packet (WebSocketManager's dispatch
 * handler), and Sapphire calls a synchronous `run` synchronously, so every command, handler and listener sees the
 * cleaned packet. Keep `run` synchronous.
 */
export class RawInputSanitizerListener extends Listener<typeof Events.Raw> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.Raw });
    // Every message (every packet) passes here.
    dispatchDirectly(this);
  }

  public override run(packet: GatewayDispatchPayload) {
    stripNulFromPacket(packet);
    nullPrototypeResolved(packet);
  }
}
