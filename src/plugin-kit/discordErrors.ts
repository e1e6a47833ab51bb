import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';

/**
 * The request's answer, or null when Discord answers that what it names is unknown (`code`: deleted since, or never
 * there); any other failure still throws.
 */
export async function unlessUnknown<T>(request: Promise<T>, code: RESTJSONErrorCodes): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === code) return null;
    throw error;
  }
}

/** The request's answer, or null when Discord says the channel does not exist (any more). */
export function ifChannelExists<T>(request: Promise<T>): Promise<T | null> {
  return unlessUnknown(request, RESTJSONErrorCodes.UnknownChannel);
}
