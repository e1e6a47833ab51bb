import { UserError, type Args, type Piece } from '@sapphire/framework';
import type { AutocompleteInteraction, Message, User } from 'discord.js';
import { pickOrUsage } from '#core/plugin-kit/args';
import { isPieceEnabledIn } from '#core/plugin-kit/pluginGate';

/** Bots have no accounts: paying or inspecting one is refused. */
export function refuseBot(user: User, doing: string): void {
  if (user.bot)
    throw new UserError({ identifier: 'BotTarget', message: `Bots have no wallet: you cannot ${doing} a bot.` });
}

/** The optional member of a prefix command (`!balance [@member]`): the author when none is given. */
export async function optionalUser(message: Message, args: Args, usage: string): Promise<User> {
  if (args.finished) return message.author;
  return pickOrUsage(args, 'user', usage);
}

/**
 * Answers an item-name autocomplete with what `load` finds for the text typed so far; nothing at all where the
 * plugin is disabled, so members of such a server never see its items.
 */
export async function answerItemAutocomplete(
  piece: Piece,
  interaction: AutocompleteInteraction,
  load: (guildId: string, typed: string) => Promise<string[]>,
): Promise<void> {
  const guildId = interaction.guildId;
  if (!guildId || !(await isPieceEnabledIn(piece, guildId))) {
    await interaction.respond([]);
    return;
  }
  const names = await load(guildId, String(interaction.options.getFocused()).slice(0, 64));
  await interaction.respond(names.map((name) => ({ name, value: name })));
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
