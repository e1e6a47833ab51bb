/**
 * A PostgreSQL array literal (`{A,B}`) for values that need no quoting: numbers, snowflake ids, enum identifiers.
 * PGlite cannot serialise a JS array for an enum array type (its OID is the schema's own); and a literal is one flat
 * string, where pg would build one from each element while the query is in flight.
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}
