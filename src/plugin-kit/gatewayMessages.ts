import type { APIMessage, GatewayMessageCreateDispatchData } from 'discord-api-types/v10';
import { Constants, type Client, type MessageType } from 'discord.js';

/**
 * Helpers for plugin listeners on the raw MESSAGE_CREATE dispatch (a `PluginGatewayListener`): the core does not
 * have discord.js build a Message for a guild message that cannot be a command (see `src/client.ts`), so chat is
 * read from the payload.
 */

/** Whether a message is one Discord writes itself (a join notice, a pin, a boost…), as `Message#system` says. */
export function isSystemMessage(type: MessageType): boolean {
  return !(Constants.NonSystemMessageTypes as readonly MessageType[]).includes(type);
}

/** Whether a message is a person's own words: not a system message, not a bot's and not a webhook's. */
export function isMemberChat(data: Pick<APIMessage, 'author' | 'webhook_id' | 'type'>): boolean {
  return data.author.bot !== true && data.webhook_id === undefined && !isSystemMessage(data.type);
}

/** The name a member is shown by in the guild (nickname, else display name, else username), as discord.js has it. */
export function authorDisplayName(data: Pick<GatewayMessageCreateDispatchData, 'author' | 'member'>): string {
  return data.member?.nick ?? data.author.global_name ?? data.author.username;
}

/** The thread's parent channel when the message was said in a thread (from the cache); null otherwise. */
export function threadParentOf(client: Client, channelId: string): string | null {
  const channel = client.channels.cache.get(channelId);
  return channel?.isThread() ? channel.parentId : null;
}

/** The channel's parent (a thread's channel, a channel's category), from the cache; null when it has none. */
export function parentOf(client: Client, channelId: string): string | null {
  const channel = client.channels.cache.get(channelId);
  return channel && 'parentId' in channel ? channel.parentId : null;
}
