import type { ValueTransformer } from 'typeorm';
import { arrayLiteral } from '../plugin-kit/arrayLiteral';

/**
 * Sends an enum array as a PostgreSQL array literal (`{A,B}`). PGlite cannot serialise a JS array for an enum
 * array type (its OID is the schema's own) and sends `""`; pg accepts the literal too.
 */
export const enumArrayTransformer: ValueTransformer = {
  to: (value: unknown) => (Array.isArray(value) ? arrayLiteral(value as string[]) : value),
  from: (value: unknown) => value,
};
