import { EmbedBuilder, type MessageMentionOptions } from 'discord.js';
import type { Entry, EntrySummary } from '../services/KbRepository';
import { quote } from '../services/KbService';

/** KB output quotes what members wrote: it never pings anyone. */
export const NO_PINGS: MessageMentionOptions = { parse: [] };

export function formatRating(entry: Pick<EntrySummary, 'rating' | 'ratingCount'>): string {
  return entry.ratingCount === 0 ? 'not rated' : `★ ${entry.rating.toFixed(2)} (${entry.ratingCount})`;
}

/** One line of facts about an entry: category, tags, rating, uses, verification. */
export function entryFacts(entry: EntrySummary): string {
  return [
    entry.isVerified ? '✔ verified' : null,
    entry.category ? `in ${entry.category}` : null,
    entry.tags.length ? entry.tags.map((tag) => `#${tag}`).join(' ') : null,
    formatRating(entry),
    `used ${entry.useCount}×`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** An entry as members read it. */
export function entryEmbed(entry: Entry): EmbedBuilder {
  const aliases = entry.aliases.length ? ` · also: ${entry.aliases.join(', ')}` : '';
  return new EmbedBuilder()
    .setTitle(entry.title)
    .setDescription(entry.content)
    .setFooter({ text: `${entryFacts(entry)}${aliases}`.slice(0, 2048) });
}

export function entryLine(entry: EntrySummary): string {
  return `${quote(entry.title)} — ${entryFacts(entry)}`;
}
