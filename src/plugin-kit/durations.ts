import { Duration } from '@sapphire/duration';
import { UserError } from '@sapphire/framework';

/** Discord's longest timeout. */
export const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;
/** Longest tempban: about ten years; longer is a permanent ban. */
export const MAX_TEMPBAN_MS = 3650 * 24 * 60 * 60 * 1000;

const EXAMPLE = 'Use a number and a unit, e.g. `10m`, `2h`, `7d` or `1w2d`.';

/** Milliseconds of `10m`, `2h`, `1w2d`…, or NaN when the text is not a positive duration. */
export function durationMs(text: string): number {
  const trimmed = text.trim();
  // @sapphire/duration accepts a bare number as NaN and a leading minus as negative; both are refused here.
  if (!/^\d/.test(trimmed)) return Number.NaN;
  const offset = new Duration(trimmed).offset;
  return offset > 0 ? offset : Number.NaN;
}

export function isValidDuration(text: string): boolean {
  return !Number.isNaN(durationMs(text));
}

/** Parses a duration a moderator typed, or refuses politely with an example of a good one. */
export function parseDuration(text: string, { maxMs, what }: { maxMs: number; what: string }): number {
  const ms = durationMs(text);
  if (Number.isNaN(ms)) {
    throw new UserError({
      identifier: 'BadDuration',
      message: `\`${text.slice(0, 40)}\` is not a duration. ${EXAMPLE}`,
    });
  }
  if (ms > maxMs) {
    throw new UserError({
      identifier: 'DurationTooLong',
      message: `A ${what} can last at most ${formatDuration(maxMs)}; \`${text.slice(0, 40)}\` is longer.`,
    });
  }
  return ms;
}

const UNITS: [string, number][] = [
  ['w', 7 * 24 * 3600_000],
  ['d', 24 * 3600_000],
  ['h', 3600_000],
  ['m', 60_000],
  ['s', 1000],
];

/** `1w2d`, `1h30m`: the largest units first, at most two of them. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}
