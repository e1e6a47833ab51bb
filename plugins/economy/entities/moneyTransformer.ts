import type { ValueTransformer } from 'typeorm';

/**
 * Money is stored as `bigint` and read as a JS number: the CHECK constraints cap every balance and amount at
 * {@link MONEY_CEILING}, well inside `Number.MAX_SAFE_INTEGER`, so the conversion is exact. pg returns int8 as text.
 */
export const moneyTransformer: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: unknown) => (value === null || value === undefined ? value : Number(value)),
};

/** The largest balance or amount the database accepts (10^15), whatever a guild configures. */
export const MONEY_CEILING = 1_000_000_000_000_000;
