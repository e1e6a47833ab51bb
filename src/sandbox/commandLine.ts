import {
  ApplicationCommandOptionType,
  type APIApplicationCommand,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';

/** One line typed in the sandbox. */
export type SandboxInput =
  | { kind: 'say'; content: string }
  | { kind: 'slash'; text: string }
  | { kind: 'as'; member: string }
  | { kind: 'in'; channel: string }
  | { kind: 'click'; target: string }
  | { kind: 'select'; argument: string }
  | { kind: 'join' }
  | { kind: 'leave' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' };

/**
 * Sorts a typed line: `/…` is a slash command (resolved against the bot's commands by {@link resolveSlash}),
 * `:as moderator`, `:in support`, `:in dm`, `:click Close`, `:click 2`, `:select <menu> <option>`, `:join`,
 * `:leave`, `:help`, `:quit` are the sandbox's own commands, anything else is a message.
 */
export function parseSandboxInput(line: string): SandboxInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith(':')) {
    const [word = '', ...rest] = text.slice(1).split(/\s+/);
    const argument = rest.join(' ');
    if (word === 'as' && argument) return { kind: 'as', member: argument.replace(/^@/, '') };
    if (word === 'in' && argument) return { kind: 'in', channel: argument.replace(/^#/, '') };
    if (word === 'click' && argument) return { kind: 'click', target: argument };
    if (word === 'select' && argument) return { kind: 'select', argument };
    if (word === 'join') return { kind: 'join' };
    if (word === 'leave') return { kind: 'leave' };
    if (word === 'quit' || word === 'q' || word === 'exit') return { kind: 'quit' };
    return { kind: 'help' };
  }
  if (text.startsWith('/')) return { kind: 'slash', text: text.slice(1) };
  return { kind: 'say', content: text };
}

/** A slash command line resolved against the command's definition. */
export interface ResolvedSlash {
  command: string;
  group?: string;
  subcommand?: string;
  /** Raw values by option name; {@link optionValue} turns them into what the option takes. */
  options: Record<string, string>;
  definitions: APIApplicationCommandBasicOption[];
  /** Words left over when the command takes no (more) options: the sandbox offers them to a form that follows. */
  leftover?: string;
}

/**
 * Resolves `ticket open`, `help balance`, `pay @moderator 10` and `plugins config plugin:welcome` against the
 * registered commands: the group and subcommand by name, then values by position (the last option takes the rest
 * of the line) until the first `name:value`, where each value runs until the next `name:`.
 */
export function resolveSlash(text: string, commands: readonly APIApplicationCommand[]): ResolvedSlash {
  const [name = '', ...words] = text.trim().split(/\s+/);
  const command = commands.find((candidate) => candidate.name === name.toLowerCase());
  if (!command) throw new Error(`There is no command /${name}. Type /help for the list.`);
  let options: readonly APIApplicationCommandOption[] = command.options ?? [];
  const resolved: ResolvedSlash = { command: command.name, options: {}, definitions: [] };
  // A command holds subcommands and groups side by side (`/profile view`, `/profile badge select`).
  const pick = (path: string) => {
    const choices = options.filter(
      (option) =>
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!choices.length) return undefined;
    const word = words[0]?.toLowerCase();
    const chosen = choices.find((option) => option.name === word);
    if (!chosen) throw new Error(`${path} needs a subcommand: ${choices.map((option) => option.name).join(', ')}.`);
    words.shift();
    options = 'options' in chosen ? (chosen.options ?? []) : [];
    return chosen;
  };
  const first = pick(`/${command.name}`);
  if (first?.type === ApplicationCommandOptionType.SubcommandGroup) {
    resolved.group = first.name;
    resolved.subcommand = pick(`/${command.name} ${first.name}`)?.name;
  } else resolved.subcommand = first?.name;
  const definitions = options as APIApplicationCommandBasicOption[];
  resolved.definitions = definitions;

  const rest = words.join(' ');
  const isOption = (candidate: string) => definitions.some((definition) => definition.name === candidate);
  // Option names are letters, digits, `-` and `_` (Discord's rule), so they need no escaping here.
  const names = definitions.map((definition) => definition.name).join('|');
  const found = names ? rest.search(new RegExp(`(?:^|\\s)(?:${names}):`)) : -1;
  const namedStart = found === -1 ? rest.length : found;
  const positional = rest.slice(0, namedStart).trim();
  const named = rest.slice(namedStart);
  const pattern = /([\w-]+):(.*?)(?=\s[\w-]+:|$)/g;
  for (const match of named.matchAll(pattern)) {
    if (!isOption(match[1]!)) throw new Error(`/${command.name} has no option "${match[1]}".`);
    resolved.options[match[1]!] = match[2]!.trim();
  }
  const open = definitions.filter((definition) => !(definition.name in resolved.options));
  const values = positional ? positional.split(/\s+/) : [];
  for (const [index, definition] of open.entries()) {
    if (!values.length) break;
    // The last open option takes the rest of the line, so text can have spaces without quotes.
    resolved.options[definition.name] = index === open.length - 1 ? values.splice(0).join(' ') : values.shift()!;
  }
  if (values.length) resolved.leftover = values.join(' ');
  return resolved;
}

/** The demo world's names for values: `@member`, `#channel`, `@role` (or bare names). */
export interface ValueNames {
  member(name: string): string | undefined;
  channel(name: string): string | undefined;
  role(name: string): string | undefined;
}

/**
 * A raw value as its option takes it: choices matched by name or value regardless of case, `yes`/`no` for
 * booleans, member, channel and role names as ids.
 */
export function optionValue(
  definition: APIApplicationCommandBasicOption,
  raw: string,
  names: ValueNames,
): string | number | boolean {
  const bare = raw.replace(/^[@#]/, '');
  const mention = /^<[@#][!&]?(\d+)>$/.exec(raw)?.[1];
  switch (definition.type) {
    case ApplicationCommandOptionType.Boolean:
      if (/^(true|yes|on)$/i.test(raw)) return true;
      if (/^(false|no|off)$/i.test(raw)) return false;
      throw new Error(`Option ${definition.name} takes true or false.`);
    case ApplicationCommandOptionType.User:
      return mention ?? names.member(bare) ?? raw;
    case ApplicationCommandOptionType.Channel:
      return mention ?? names.channel(bare) ?? raw;
    case ApplicationCommandOptionType.Role:
      return mention ?? names.role(bare) ?? raw;
    case ApplicationCommandOptionType.Mentionable:
      return mention ?? names.member(bare) ?? names.role(bare) ?? raw;
    case ApplicationCommandOptionType.String:
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const choices = (definition.choices ?? []) as { name: string; value: string | number }[];
      const chosen = choices.find(
        (choice) =>
          choice.name.toLowerCase() === raw.toLowerCase() || String(choice.value).toLowerCase() === raw.toLowerCase(),
      );
      if (chosen) return chosen.value;
      if (choices.length) {
        throw new Error(`Option ${definition.name} is one of: ${choices.map((choice) => choice.name).join(', ')}.`);
      }
      return raw;
    }
    default:
      return raw;
  }
}

/**
 * Turns `@moderator` and `#support` in a typed message into real mentions of the demo members and channels, as
 * Discord's client does when you pick them, so prefix commands such as `!pay @moderator 10` find their target.
 */
export function expandMentions(text: string, names: Pick<ValueNames, 'member' | 'channel'>): string {
  return text.replace(/(^|\s)([@#])([\w-]+)/g, (whole, space: string, sigil: string, name: string) => {
    const id = sigil === '@' ? names.member(name) : names.channel(name);
    if (!id) return whole;
    return `${space}${sigil === '@' ? `<@${id}>` : `<#${id}>`}`;
  });
}
