import { UserError } from '@sapphire/framework';
import { MONEY_CEILING } from '../entities/moneyTransformer';

/** An amount as a member typed it: a whole number, or `all` / `half` of whatever the command draws from. */
export type AmountInput = { kind: 'all' } | { kind: 'half' } | { kind: 'exact'; value: number };

const SUFFIX_EXPONENT: Record<string, number> = { '': 0, k: 3, m: 6, b: 9 };
const AMOUNT_PATTERN = /^(\d+)(?:\.(\d+))?([kmb]?)$/;
const EXAMPLES = 'a whole number like `250`, `1k` or `2.5m`, or `all` / `half`';

function refuse(message: string): never {
  throw new UserError({ identifier: 'InvalidAmount', message });
}

/**
 * Reads `250`, `1,000`, `1k`, `2.5m`, `all`, `half`. Refuses, politely, anything else: words, zero, negative or
 * fractional amounts, and amounts above what any balance can hold. Exact: decimal digits never go through floats.
 */
export function parseAmount(raw: string): AmountInput {
  const text = raw.trim().toLowerCase().replaceAll(',', '').replaceAll('_', '');
  if (text === 'all' || text === 'max') return { kind: 'all' };
  if (text === 'half') return { kind: 'half' };
  const shown = raw.trim().slice(0, 40);
  if (text.startsWith('-')) refuse(`Amounts must be positive, and \`${shown}\` is not.`);
  const match = AMOUNT_PATTERN.exec(text);
  if (!match) refuse(`\`${shown}\` is not an amount. Use ${EXAMPLES}.`);
  const [, whole, fraction = '', suffix = ''] = match;
  const exponent = SUFFIX_EXPONENT[suffix]! - fraction.length;
  let digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  if (exponent < 0) {
    const dropped = digits.slice(exponent);
    if (/[^0]/.test(dropped)) refuse(`Amounts are whole numbers: \`${shown}\` is not.`);
    digits = digits.slice(0, exponent) || '0';
  } else {
    digits += '0'.repeat(exponent);
  }
  if (digits.length > 20 || BigInt(digits) > BigInt(MONEY_CEILING)) {
    refuse(`\`${shown}\` is more than any balance can hold (at most ${MONEY_CEILING.toLocaleString('en-US')}).`);
  }
  const value = Number(digits);
  if (value === 0) refuse('The amount must be more than zero.');
  return { kind: 'exact', value };
}

/** The number an input stands for, given what the member has available (`all` of an empty wallet is refused). */
export function resolveAmount(input: AmountInput, available: number, emptyMessage: string): number {
  if (input.kind === 'exact') return input.value;
  const value = input.kind === 'all' ? available : Math.floor(available / 2);
  if (value <= 0) refuse(emptyMessage);
  return value;
}

/** Reads a quantity of items: a whole number from 1 to `max`. */
export function parseQuantity(raw: string | number | null | undefined, max = 1_000): number {
  if (raw === null || raw === undefined || raw === '') return 1;
  const text = String(raw).trim();
  if (!/^\d+$/.test(text)) refuse(`\`${text.slice(0, 40)}\` is not a quantity: use a whole number from 1 to ${max}.`);
  const value = Number(text);
  if (value < 1 || value > max) refuse(`The quantity must be from 1 to ${max}.`);
  return value;
}
