import { container, type Listener, type SapphireClient } from '@sapphire/framework';
import {
  GatewayDispatchEvents,
  type GatewayDispatchPayload,
  type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { Events, Status } from 'discord.js';
import { PluginListener } from './plugin-kit/PluginListener';
import type { PluginHandle } from './plugin-system/definePlugin';

/** The parts of discord.js's WebSocketManager this reaches into (private in its typings). */
interface PacketHandling {
  status: Status;
  packetQueue: unknown[];
  handlePacket(packet?: GatewayDispatchPayload, shard?: unknown): boolean;
}

/** Sapphire's listener that hands each message to the prefix parser. */
const SAPPHIRE_MESSAGE_LISTENER = 'CoreMessageCreate';

/**
 * Has discord.js build a Message only for a message something needs as one. For every MESSAGE_CREATE discord.js
 * builds a Message with its author, member, mentions and channel lookups — a third of the bot's time under chat load
 * (`bench:message-pipeline`) — while plugins take chat from the gateway payload (`PluginGatewayListener`, whose `ws`
 * emitter fires before this) and Sapphire's prefix parser needs only what can be a command. So a guild message is
 * not built when it does not start with the guild's prefix or a mention (or a bot or webhook sent it: the parser
 * ignores those), unless another `messageCreate` listener wants it: a plugin's, in a guild where that plugin is on
 * (or not yet known to be off), or any other listener, always.
 */
export function buildMessagesOnlyWhenNeeded(client: SapphireClient): void {
  const ws = client.ws as unknown as PacketHandling;
  const handlePacket = ws.handlePacket.bind(ws);
  const readers = new MessageReaders(client);
  ws.handlePacket = (packet, shard) => {
    if (
      packet?.t === GatewayDispatchEvents.MessageCreate &&
      ws.status === Status.Ready &&
      ws.packetQueue.length === 0 &&
      !readers.want(packet.d) &&
      !mayBeCommand(client, packet.d)
    ) {
      return true;
    }
    return handlePacket(packet, shard);
  };
}

/** The `messageCreate` listeners besides Sapphire's, looked up again whenever their number changes. */
class MessageReaders {
  private listenerCount = -1;
  private always = false;
  private plugins: PluginHandle[] = [];

  public constructor(private readonly client: SapphireClient) {}

  public want(data: GatewayMessageCreateDispatchData): boolean {
    const count = this.client.listenerCount(Events.MessageCreate);
    if (count !== this.listenerCount) this.lookUp(count);
    if (this.always || data.guild_id === undefined) return this.always;
    const guildId = data.guild_id;
    return this.plugins.some((plugin) => plugin.isEnabledNow(guildId) !== false);
  }

  private lookUp(count: number): void {
    const pieces = [...container.stores.get('listeners').values()].filter(
      (listener: Listener) =>
        listener.enabled && listener.event === Events.MessageCreate && listener.emitter === this.client,
    );
    const others = pieces.filter((listener) => listener.name !== SAPPHIRE_MESSAGE_LISTENER);
    this.plugins = others.flatMap((listener) =>
      listener instanceof PluginListener ? (container.plugins.ofPiece(listener)?.handle ?? []) : [],
    );
    // A listener that is not a plugin's, or one added with client.on(), wants every message.
    this.always = count !== pieces.length || this.plugins.length !== others.length;
    this.listenerCount = count;
  }
}

function mayBeCommand(client: SapphireClient, data: GatewayMessageCreateDispatchData): boolean {
  if (data.guild_id === undefined) return true; // a DM
  if (data.author.bot || data.webhook_id !== undefined) return false;
  if (data.content.startsWith('<@') || client.options.regexPrefix) return true;
  const prefix = container.guildSettings.prefixNow(data.guild_id);
  // Not loaded yet: the parser waits for it.
  if (prefix === undefined) return true;
  const content = client.options.caseInsensitivePrefixes ? data.content.toLowerCase() : data.content;
  return content.startsWith(client.options.caseInsensitivePrefixes ? prefix.toLowerCase() : prefix);
}
