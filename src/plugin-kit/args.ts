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

/** How a word is written when it is meant as an argument of a type: a mention, an id, a number. */
const SHAPES: Partial<Record<keyof ArgType, RegExp>> = {
  user: /^(<@!?\d+>|\d{15,21}|@\S+)$/,
  member: /^(<@!?\d+>|\d{15,21}|@\S+)$/,
  role: /^(<@&\d+>|\d{15,21}|@\S+)$/,
  channel: /^(<#\d+>|\d{15,21}|#\S+)$/,
  guildChannel: /^(<#\d+>|\d{15,21}|#\S+)$/,
  guildTextChannel: /^(<#\d+>|\d{15,21}|#\S+)$/,
  integer: /^[-+]?\d[\d,_.]*$/,
  number: /^[-+]?\d[\d,_.]*$/,
};

/**
 * An optional argument of a prefix command. Null when there is none, or when the next word is plainly not one (it
 * is left for what follows, e.g. a reason); a word written as one (a mention, an id, a number) that names nothing
 * usable here — a channel of another server, a deleted role, a member who left — is refused with the usage, never
 * taken as absent: the command must not fall back to something else (the current channel, every member).
 */
export async function pickOptional<K extends keyof ArgType>(
  args: Args,
  type: K,
  usage: string,
): Promise<ArgType[K] | null> {
  if (args.finished) return null;
  const result = await args.pickResult(type);
  if (result.isOk()) return result.unwrap();
  const word = (await args.peekResult('string')).unwrapOr('');
  const shape = SHAPES[type];
  if (shape && !shape.test(word)) return null;
  throw new UserError({ identifier: 'BadArgument', message: `${result.unwrapErr().message} Usage: \`${usage}\`` });
}
