import { container, type SapphireClient } from '@sapphire/framework';
import {
  GatewayDispatchEvents,
  type GatewayDispatchPayload,
  type GatewayMessageCreateDispatchData,
} from 'discord-api-types/v10';
import { Events, Status } from 'discord.js';

/** The parts of discord.js's WebSocketManager this reaches into (private in its typings). */
interface PacketHandling {
  status: Status;
  packetQueue: unknown[];
  handlePacket(packet?: GatewayDispatchPayload, shard?: unknown): boolean;
}

/**
 * Has discord.js build a Message only for a message that can be a command. For every MESSAGE_CREATE discord.js
 * builds a Message with its author, member, mentions and channel lookups — a third of the bot's time under chat load
 * (`bench:message-pipeline`) — while the only reader of it, once plugins take chat from the gateway payload
 * (`PluginGatewayListener`), is Sapphire's prefix parser. So a guild message that does not start with the guild's
 * prefix or a mention of the bot, or that a bot or webhook sent (the parser ignores those), is not built; the plugin
 * listeners on the payload still get it (the `ws` emitter fires before this). As soon as anything else listens to
 * `messageCreate` (a plugin listener on it, another framework piece), every message is built again.
 */
export function buildMessagesOnlyForCommands(client: SapphireClient): void {
  const ws = client.ws as unknown as PacketHandling;
  const handlePacket = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    if (
      packet?.t === GatewayDispatchEvents.MessageCreate &&
      ws.status === Status.Ready &&
      ws.packetQueue.length === 0 &&
      !mayBeCommand(client, packet.d)
    ) {
      return true;
    }
    return handlePacket(packet, shard);
  };
}

function mayBeCommand(client: SapphireClient, data: GatewayMessageCreateDispatchData): boolean {
  // Sapphire's own parser listens: one listener. More means something else wants every Message.
  if (client.listenerCount(Events.MessageCreate) !== 1) return true;
  if (data.guild_id === undefined) return true; // a DM
  if (data.author.bot || data.webhook_id !== undefined) return false;
  if (data.content.startsWith('<@') || client.options.regexPrefix) return true;
  const prefix = container.guildSettings.prefixNow(data.guild_id);
  // Not loaded yet: the parser waits for it.
  if (prefix === undefined) return true;
  const content = client.options.caseInsensitivePrefixes ? data.content.toLowerCase() : data.content;
  return content.startsWith(client.options.caseInsensitivePrefixes ? prefix.toLowerCase() : prefix);
}
