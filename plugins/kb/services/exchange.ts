import { z } from 'zod';
import type { ExchangedEntry } from './KbRepository';
import { LIMITS, normalizeCategory, normalizeTags } from './validation';

/** Largest import file accepted. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ENTRIES = 5000;
export const EXCHANGE_VERSION = 1;

const entrySchema = z.object({
  title: z.string().trim().min(1, 'is empty').max(LIMITS.title, `is longer than ${LIMITS.title} characters`),
  content: z.string().trim().min(1, 'is empty').max(LIMITS.content, `is longer than ${LIMITS.content} characters`),
  category: z
    .string()
    .trim()
    .max(LIMITS.category, `is longer than ${LIMITS.category} characters`)
    .nullable()
    .default(null),
  tags: z
    .array(z.string().trim().min(1).max(LIMITS.tag, `is longer than ${LIMITS.tag} characters`))
    .max(LIMITS.tags, `has more than ${LIMITS.tags} tags`)
    .default([]),
  aliases: z
    .array(z.string().trim().min(1).max(LIMITS.alias, `is longer than ${LIMITS.alias} characters`))
    .max(LIMITS.aliases, `has more than ${LIMITS.aliases} aliases`)
    .default([]),
  isVerified: z.boolean().default(false),
});

const fileSchema = z.object({
  version: z.literal(EXCHANGE_VERSION, `must be ${EXCHANGE_VERSION}`),
  entries: z.array(entrySchema).max(MAX_IMPORT_ENTRIES, `has more than ${MAX_IMPORT_ENTRIES} entries`),
});

/** The export file: versioned, so a later format can still read this one. */
export function exportFile(entries: readonly ExchangedEntry[]): string {
  return `${JSON.stringify({ version: EXCHANGE_VERSION, entries }, null, 2)}\n`;
}

/**
 * Reads an import file, or says what is wrong with it (the first few problems, each with where it is) — an
 * invalid file is refused whole, so nothing of it is written.
 */
export function parseImportFile(text: string): { entries: ExchangedEntry[] } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`The file is not valid JSON (${(error as Error).message}).`] };
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.slice(0, 5).map((issue) => {
        const where = issue.path.length ? issue.path.map((part) => String(part)).join('.') : 'the file';
        return `\`${where}\` ${issue.message}.`;
      }),
    };
  }
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const entries = parsed.data.entries.map((entry, index) => {
    for (const [kind, name] of [
      ['title', entry.title] as const,
      ...entry.aliases.map((alias) => ['alias', alias] as const),
    ]) {
      const key = name.toLowerCase();
      const where = `entries.${index}.${kind === 'title' ? 'title' : 'aliases'}`;
      const earlier = seen.get(key);
      if (earlier) problems.push(`\`${where}\` "${name}" is already used at \`${earlier}\`.`);
      else seen.set(key, where);
    }
    return {
      title: entry.title,
      content: entry.content,
      category: normalizeCategory(entry.category),
      tags: normalizeTags(entry.tags),
      aliases: entry.aliases,
      isVerified: entry.isVerified,
    };
  });
  return problems.length ? { problems: problems.slice(0, 5) } : { entries };
}
