import { UserError } from '@sapphire/framework';
import type { EntryInput } from './KbRepository';

/**
 * Sizes of an entry. Content is capped at Discord's message limit (2,000 characters), so an entry always fits in
 * one message wherever it is shown; titles fit an autocomplete choice (100).
 */
export const LIMITS = {
  title: 100,
  content: 2000,
  category: 32,
  tag: 32,
  tags: 10,
  alias: 100,
  aliases: 10,
  query: 200,
} as const;

const refuse = (message: string): never => {
  throw new UserError({ identifier: 'KbInvalidEntry', message });
};

/** A category as stored: trimmed, lower-case, null when blank. */
export function normalizeCategory(category: string | null | undefined): string | null {
  const text = (category ?? '').trim().toLowerCase();
  return text ? text : null;
}

/** Tags as stored: lower-case, without `#`, duplicates or blanks. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().replace(/^#/, '').toLowerCase()).filter(Boolean))];
}

/** Tags typed as one text: `wifi, network #setup`. */
export function parseTagList(text: string | null | undefined): string[] {
  return normalizeTags((text ?? '').split(/[,\s]+/));
}

/** Checks and normalizes an entry typed by a member, refusing with what is wrong. */
export function validateEntry(raw: {
  title: string;
  content: string;
  category?: string | null;
  tags?: string | readonly string[] | null;
}): EntryInput {
  const title = raw.title.trim().replace(/\s+/g, ' ');
  const content = raw.content.trim();
  if (!title) refuse('The entry needs a title.');
  if (title.length > LIMITS.title)
    refuse(`The title is ${title.length} characters long; the limit is ${LIMITS.title}.`);
  if (!content) refuse('The entry needs some content.');
  if (content.length > LIMITS.content) {
    refuse(
      `The content is ${content.length} characters long; Discord shows at most ${LIMITS.content} in a message. Shorten it or split it into several entries.`,
    );
  }
  const category = normalizeCategory(raw.category);
  if (category && category.length > LIMITS.category) refuse(`A category has at most ${LIMITS.category} characters.`);
  const tags = typeof raw.tags === 'string' || raw.tags == null ? parseTagList(raw.tags) : normalizeTags(raw.tags);
  if (tags.length > LIMITS.tags) refuse(`An entry has at most ${LIMITS.tags} tags.`);
  const longTag = tags.find((tag) => tag.length > LIMITS.tag);
  if (longTag) refuse(`The tag \`${longTag.slice(0, 40)}\` is longer than ${LIMITS.tag} characters.`);
  return { title, content, category, tags };
}

/** An alias typed by a member. */
export function validateAlias(raw: string): string {
  const alias = raw.trim().replace(/\s+/g, ' ');
  if (!alias) refuse('The alias is empty.');
  if (alias.length > LIMITS.alias) refuse(`An alias has at most ${LIMITS.alias} characters.`);
  return alias;
}
