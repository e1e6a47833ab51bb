import { UserError, type Args } from '@sapphire/framework';
import type {
  ChatInputCommandInteraction,
  GuildBasedChannel,
  Role,
  SlashCommandSubcommandBuilder,
  User,
} from 'discord.js';

/** The largest value of a PostgreSQL `integer` column: the upper bound of an option that looks one up. */
export const SQL_INTEGER_MAX = 2_147_483_647;

interface BaseSpec<Name extends string> {
  name: Name;
  description: string;
  required?: boolean;
}

/** One option of a command, written once for its slash form and its prefix form. */
export type OptionSpec<Name extends string = string> =
  | (BaseSpec<Name> & {
      type: 'string';
      maxLength?: number;
      /** In the prefix form, the rest of the message (text with spaces); only for the last option. */
      rest?: boolean;
    })
  | (BaseSpec<Name> & { type: 'integer'; min?: number; max?: number })
  | (BaseSpec<Name> & { type: 'user' | 'channel' | 'role' | 'boolean' });

interface ValueOfType {
  string: string;
  integer: number;
  user: User;
  channel: GuildBasedChannel;
  role: Role;
  boolean: boolean;
}

/** The values a command receives for `Specs`: required options as their type, optional ones also as null. */
export type OptionValues<Specs extends readonly OptionSpec[]> = {
  [S in Specs[number] as S['name']]: S['required'] extends true
    ? ValueOfType[S['type']]
    : ValueOfType[S['type']] | null;
};

/**
 * Adds the options to a slash command or subcommand builder, bounds included, so Discord checks them before the
 * bot is asked. Works on any builder with the `add…Option` methods.
 */
export function addOptions<Builder extends SlashCommandSubcommandBuilder>(
  builder: Builder,
  specs: readonly OptionSpec[],
): Builder {
  for (const spec of specs) {
    const base = <T extends { setName(n: string): T; setDescription(d: string): T; setRequired(r: boolean): T }>(
      option: T,
    ) =>
      option
        .setName(spec.name)
        .setDescription(spec.description)
        .setRequired(spec.required ?? false);
    switch (spec.type) {
      case 'string':
        builder.addStringOption((option) => {
          base(option);
          return spec.maxLength ? option.setMaxLength(spec.maxLength) : option;
        });
        break;
      case 'integer':
        builder.addIntegerOption((option) => {
          base(option);
          if (spec.min !== undefined) option.setMinValue(spec.min);
          if (spec.max !== undefined) option.setMaxValue(spec.max);
          return option;
        });
        break;
      case 'user':
        builder.addUserOption(base);
        break;
      case 'channel':
        builder.addChannelOption(base);
        break;
      case 'role':
        builder.addRoleOption(base);
        break;
      case 'boolean':
        builder.addBooleanOption(base);
        break;
    }
  }
  return builder;
}

/** Where a command's arguments come from: a slash command, or a prefix message's parsed arguments. */
export type OptionSource = ChatInputCommandInteraction | { args: Args };

/**
 * Reads the options from either form into one object, so the command's logic is written once. The prefix form takes
 * them in order (`!remind 10m buy milk`); a missing required one, a value of the wrong type, or one out of bounds is
 * refused with `usage`. Bounds are re-checked for slash values too: a client can send anything.
 */
export async function readOptions<const Specs extends readonly OptionSpec[]>(
  source: OptionSource,
  specs: Specs,
  usage: string,
): Promise<OptionValues<Specs>> {
  const values: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = 'args' in source ? await readPrefixOption(source.args, spec, usage) : readSlashOption(source, spec);
    if (value === null && spec.required) {
      throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
    }
    values[spec.name] = value === null ? null : checkBounds(spec, value, usage);
  }
  return values as OptionValues<Specs>;
}

function readSlashOption(interaction: ChatInputCommandInteraction, spec: OptionSpec): unknown {
  const { options } = interaction;
  switch (spec.type) {
    case 'string':
      return options.getString(spec.name);
    case 'integer':
      return options.getInteger(spec.name);
    case 'user':
      return options.getUser(spec.name);
    case 'channel':
      return options.getChannel(spec.name);
    case 'role':
      return options.getRole(spec.name);
    case 'boolean':
      return options.getBoolean(spec.name);
  }
}

async function readPrefixOption(args: Args, spec: OptionSpec, usage: string): Promise<unknown> {
  if (args.finished) return null;
  const result =
    spec.type === 'string' && spec.rest
      ? await args.restResult('string')
      : await args.pickResult(spec.type === 'channel' ? 'guildChannel' : spec.type);
  if (result.isOk()) return result.unwrap();
  throw new UserError({
    identifier: 'BadArgument',
    message: `${result.unwrapErr().message} Usage: \`${usage}\``,
  });
}

function checkBounds(spec: OptionSpec, value: unknown, usage: string): unknown {
  const refuse = (problem: string): never => {
    throw new UserError({ identifier: 'BadArgument', message: `\`${spec.name}\` ${problem}. Usage: \`${usage}\`` });
  };
  if (spec.type === 'string' && spec.maxLength !== undefined && (value as string).length > spec.maxLength) {
    refuse(`must be at most ${spec.maxLength} characters`);
  }
  if (spec.type === 'integer') {
    const number = value as number;
    if (spec.min !== undefined && number < spec.min) refuse(`must be at least ${spec.min}`);
    if (spec.max !== undefined && number > spec.max) refuse(`must be at most ${spec.max}`);
  }
  return value;
}
