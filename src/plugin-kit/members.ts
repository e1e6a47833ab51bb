import { DiscordAPIError, type Guild, type GuildMember, type Message, RESTJSONErrorCodes } from 'discord.js';

/**
 * The author of a guild message as a member: the one discord.js still caches (it caches the member a message carries,
 * but keeps only the members it saw last, see `src/client.ts`), else fetched by REST. Null in a DM, for a webhook,
 * or when the author is no longer in the server. Read `message.member` directly only before the first `await` after
 * the message arrived; later it may have been swept.
 */
export async function authorMember(message: Message): Promise<GuildMember | null> {
  if (message.member) return message.member;
  if (!message.guild || message.webhookId) return null;
  return fetchMember(message.guild, message.author.id);
}

/** A member of the guild: the cached one, else fetched by REST; null when they are not (or no longer) in it. */
export async function fetchMember(guild: Guild, userId: string): Promise<GuildMember | null> {
  return guild.members.cache.get(userId) ?? guild.members.fetch(userId).catch(notAMember);
}

/** A fetch of a member who is not (or no longer) in the server answers null; any other failure still throws. */
export function notAMember(error: unknown): null {
  if (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser)
  ) {
    return null;
  }
  throw error;
}
