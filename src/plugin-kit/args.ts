import { type Args, type ArgType, container, UserError } from '@sapphire/framework';
import type { Message } from 'discord.js';

/** Reads the next argument of a prefix command, or refuses with the command's usage. */
export async function pickOrUsage<K extends keyof ArgType>(args: Args, type: K, usage: string): Promise<ArgType[K]> {
  const result = await args.pickResult(type);
  if (result.isOk()) return result.unwrap();
  const reason = result.unwrapErr();
  const missing = reason.identifier === 'argsMissing';
  throw new UserError({
    identifier: 'BadArgument',
    message: missing ? `Usage: \`${usage}\`` : `${reason.message} Usage: \`${usage}\``,
  });
}

/** The rest of a prefix command's text, or refuses with the usage when there is none. */
export async function restOrUsage(args: Args, usage: string): Promise<string> {
  const rest = await args.restResult('string');
  if (rest.isOk()) return rest.unwrap();
  throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
}

/** A prefix command's usage with the server's prefix: `usageOf(message, 'deposit <amount>')` → `!deposit <amount>`. */
export async function usageOf(message: Message, text: string): Promise<string> {
  return `${await container.guildSettings.prefixFor(message.guildId)}${text}`;
}
