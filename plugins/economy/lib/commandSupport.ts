import { UserError, type Args } from '@sapphire/framework';
import type { Guild, Message, User } from 'discord.js';
import { pickOrUsage } from '#core/plugin-kit/args';

/** Bots have no accounts: paying or inspecting one is refused. */
export function refuseBot(user: User, doing: string): void {
  if (user.bot)
    throw new UserError({ identifier: 'BotTarget', message: `Bots have no wallet: you cannot ${doing} a bot.` });
}

/**
 * Money goes only to members of this server: paying or giving to a user who left (or never joined) is refused, as
 * is a bot. Taking from a departed member's account stays possible.
 */
export async function refuseNonMember(guild: Guild, user: User, doing: string): Promise<void> {
  refuseBot(user, doing);
  const member = guild.members.cache.get(user.id) ?? (await guild.members.fetch(user.id).catch(() => null));
  if (!member) {
    throw new UserError({
      identifier: 'NotAMember',
      message: `**${user.username}** is not a member of this server: money goes only to its members.`,
    });
  }
}

/** The optional member of a prefix command (`!balance [@member]`): the author when none is given. */
export async function optionalUser(message: Message, args: Args, usage: string): Promise<User> {
  if (args.finished) return message.author;
  return pickOrUsage(args, 'user', usage);
}

/**
 * Splits `!buy Golden Apple 3` into the item name and an optional trailing quantity. Item names are the rest of the
 * message (they may contain spaces); a trailing whole number is the quantity.
 */
export async function itemAndQuantity(args: Args, usage: string): Promise<{ name: string; quantity: string | null }> {
  const rest = await args.restResult('string');
  const text = rest.unwrapOr('').trim();
  if (!text) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
  const match = /^(.*\S)\s+(\d+)$/.exec(text);
  return match ? { name: match[1]!, quantity: match[2]! } : { name: text, quantity: null };
}
