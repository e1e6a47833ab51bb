import { DiscordAPIError, DiscordjsErrorCodes } from 'discord.js';
import { networkFailure, StartupError } from './startupError';

/**
 * Turns a failed login into one line with the fix: Discord unreachable (naming the URL) or the token refused
 * (never printing it); undefined for anything else, which start-up reports in full.
 */
export function loginStartupError(error: unknown, apiUrl: string): StartupError | undefined {
  const rejected =
    (error as { code?: unknown }).code === DiscordjsErrorCodes.TokenInvalid ||
    (error instanceof DiscordAPIError && error.status === 401);
  if (rejected) {
    return new StartupError(
      `Discord at ${apiUrl} rejected the bot token. Check DISCORD_TOKEN: copy it from the Bot page of your application in Discord's developer portal (Reset Token makes a new one).`,
      { cause: error },
    );
  }
  const unreachable = networkFailure(error);
  if (unreachable) {
    return new StartupError(
      `Cannot reach Discord at ${apiUrl} (${unreachable}). Check the network connection and DISCORD_API_URL.`,
      { cause: error },
    );
  }
  return undefined;
}
