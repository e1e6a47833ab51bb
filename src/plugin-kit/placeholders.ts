/**
 * Fills the `{name}` placeholders of a template an admin wrote (a greeting, a DM, an announcement) from `values`;
 * a placeholder it does not know stays as typed. Only `values`' own keys count: `{constructor}` or `{toString}` are
 * not placeholders, though every object answers to them.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => (Object.hasOwn(values, key) ? values[key]! : match));
}
