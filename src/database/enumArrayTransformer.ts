import type { ValueTransformer } from 'typeorm';

/**
 * Sends an enum array as a PostgreSQL array literal (`{A,B}`). PGlite cannot serialise a JS array for an enum
 * array type (its OID is the schema's own) and sends `""`; pg accepts the literal too. Enum values are plain
 * identifiers, so no quoting is needed.
 */
export const enumArrayTransformer: ValueTransformer = {
  to: (value: unknown) => (Array.isArray(value) ? `{${value.join(',')}}` : value),
  from: (value: unknown) => value,
};
