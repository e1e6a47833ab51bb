/** One line typed in the sandbox. */
export type SandboxInput =
  | { kind: 'say'; content: string }
  | { kind: 'slash'; command: string; group?: string; subcommand?: string; options: Record<string, string> }
  | { kind: 'as'; member: string }
  | { kind: 'in'; channel: string }
  | { kind: 'click'; label: string }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' };

/**
 * Parses `/ticket open title:Printer broken priority:high` into command `ticket`, subcommand `open` and options
 * (a value runs until the next `name:`). Words before the first option are the command, then group/subcommand.
 * `:as moderator`, `:in support`, `:click Close`, `:help`, `:quit` are the sandbox's own commands.
 */
export function parseSandboxInput(line: string): SandboxInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (text.startsWith(':')) {
    const [word = '', ...rest] = text.slice(1).split(/\s+/);
    const argument = rest.join(' ');
    if (word === 'as' && argument) return { kind: 'as', member: argument };
    if (word === 'in' && argument) return { kind: 'in', channel: argument.replace(/^#/, '') };
    if (word === 'click' && argument) return { kind: 'click', label: argument };
    if (word === 'quit' || word === 'q' || word === 'exit') return { kind: 'quit' };
    return { kind: 'help' };
  }
  if (!text.startsWith('/')) return { kind: 'say', content: text };
  const optionStart = text.search(/\s[\w-]+:/);
  const head = (optionStart === -1 ? text : text.slice(0, optionStart)).slice(1).trim().split(/\s+/);
  const options: Record<string, string> = {};
  if (optionStart !== -1) {
    const pattern = /([\w-]+):(.*?)(?=\s[\w-]+:|$)/g;
    for (const match of text.slice(optionStart).matchAll(pattern)) options[match[1]!] = match[2]!.trim();
  }
  const [command = '', second, third] = head;
  if (third) return { kind: 'slash', command, group: second, subcommand: third, options };
  return { kind: 'slash', command, subcommand: second, options };
}

/**
 * Turns `@moderator` and `#support` in a typed message into real mentions of the demo members and channels, as
 * Discord's client does when you pick them, so prefix commands such as `!pay @moderator 10` find their target.
 */
export function expandMentions(
  text: string,
  members: ReadonlyMap<string, string>,
  channels: ReadonlyMap<string, string>,
): string {
  return text.replace(/(^|\s)([@#])([\w-]+)/g, (whole, space: string, sigil: string, name: string) => {
    const id = sigil === '@' ? members.get(name) : channels.get(name);
    if (!id) return whole;
    return `${space}${sigil === '@' ? `<@${id}>` : `<#${id}>`}`;
  });
}
