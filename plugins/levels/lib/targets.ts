import { UserError, type Args } from '@sapphire/framework';
import type { ChatInputCommandInteraction, Guild, GuildMember, User } from 'discord.js';
import { pickOrUsage } from '#core/plugin-kit/args';

/** Admin XP changes are capped so a typo cannot push a member past what the int column holds. */
export const MAX_XP_CHANGE = 10_000_000;

/** The guild member behind a user, or a polite refusal when they are not in this server. */
export async function memberOf(guild: Guild, user: User): Promise<GuildMember> {
  const member = await guild.members.fetch(user.id).catch(() => null);
  if (!member) {
    throw new UserError({
      identifier: 'LevelsNotAMember',
      message: `**${user.username}** is not a member of this server.`,
    });
  }
  return member;
}

/** The `member` option of a slash command, resolved in the guild. */
export function memberOption(interaction: ChatInputCommandInteraction, name = 'member'): Promise<GuildMember> {
  return memberOf(interaction.guild!, interaction.options.getUser(name, true));
}

/** The next prefix argument as a member of the guild. */
export async function memberArg(guild: Guild, args: Args, usage: string): Promise<GuildMember> {
  return memberOf(guild, await pickOrUsage(args, 'user', usage));
}

/** An XP amount: a whole number from `min` to {@link MAX_XP_CHANGE}; negative amounts are refused. */
export function checkedAmount(amount: number, min: 0 | 1): number {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new UserError({ identifier: 'LevelsNegativeXp', message: 'XP amounts must be whole numbers, 0 or more.' });
  }
  if (amount < min || amount > MAX_XP_CHANGE) {
    throw new UserError({
      identifier: 'LevelsXpOutOfRange',
      message: `The amount must be between ${min} and ${MAX_XP_CHANGE.toLocaleString('en-US')} XP.`,
    });
  }
  return amount;
}
