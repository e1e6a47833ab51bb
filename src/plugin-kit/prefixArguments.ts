import type { Command } from '@sapphire/framework';
import type { Lexer } from '@sapphire/lexure';

/** Whitespace other than a plain space: newlines, tabs, non-breaking and other Unicode spaces. */
const OTHER_WHITESPACE = /[^\S ]/g;

/** The lexer's view of a parameter (`@sapphire/lexure`'s Word/QuotedParameter): what is restored below. */
interface LexedParameter {
  separators: string[];
  value: string;
  open?: string;
  raw: string;
}

const adapted = new WeakSet<Command>();

/**
 * Makes a command's prefix arguments split on any whitespace, as members type them (a newline or a non-breaking
 * space between arguments), not only on spaces. Sapphire's lexer knows one separator, so it lexes the text with
 * every other whitespace character turned into a space (one for one, so positions match) and each parameter then
 * gets its original separators and quoted text back: `args.rest()` keeps the member's newlines.
 */
export function splitOnAnyWhitespace(command: Command): void {
  if (adapted.has(command)) return;
  adapted.add(command);
  const lexer = lexerOf(command);
  const run = lexer.run.bind(lexer);
  const wrapped = Object.create(lexer) as Lexer;
  // The parser only iterates what `run` returns, so a generator of the restored parameters stands in for its stream.
  wrapped.run = ((input: string) =>
    restore(input, run(input.replace(OTHER_WHITESPACE, ' ')))) as unknown as Lexer['run'];
  Reflect.set(command, 'lexer', wrapped);
}

function* restore(input: string, parameters: Iterable<unknown>) {
  let at = 0;
  for (const parameter of parameters as Iterable<LexedParameter>) {
    // Each separator the lexer saw is one character of the input.
    parameter.separators = parameter.separators.map(() => input[at++]!);
    if (parameter.open !== undefined) {
      const start = at + parameter.open.length;
      parameter.value = input.slice(start, start + parameter.value.length);
    }
    at += parameter.raw.length;
    yield parameter;
  }
}

/**
 * The opening quote (and its closing one) of the first quoted argument of `parameters` that is never closed, or
 * null. Mirrors the lexer: a quote opens an argument only at its start.
 */
export function unmatchedQuote(command: Command, parameters: string): { open: string; close: string } | null {
  const input = parameters.replace(OTHER_WHITESPACE, ' ');
  const { quotes } = lexerOf(command);
  let at = 0;
  while (at < input.length) {
    if (input[at] === ' ') {
      at += 1;
      continue;
    }
    const quote = quotes.find(([open]) => input.startsWith(open, at));
    if (quote) {
      const [open, close] = quote;
      const end = input.indexOf(close, at + open.length);
      if (end === -1) return { open, close };
      at = end + close.length;
      continue;
    }
    const space = input.indexOf(' ', at);
    at = space === -1 ? input.length : space;
  }
  return null;
}

function lexerOf(command: Command): Lexer {
  // Protected in Sapphire's typings; each command has its own.
  return Reflect.get(command, 'lexer') as Lexer;
}
