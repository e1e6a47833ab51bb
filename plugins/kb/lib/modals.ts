import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { Entry } from '../services/KbRepository';
import { LIMITS } from '../services/validation';

/** Field ids of the add and edit modals. */
export const ENTRY_FIELDS = { title: 'title', content: 'content', category: 'category', tags: 'tags' } as const;

/**
 * The entry form. Its fields accept a little more than an entry may hold (Discord's own input limits), so an
 * over-long text gets a message saying by how much instead of being cut silently.
 */
export function entryModal(customId: string, heading: string, entry?: Entry): ModalBuilder {
  const input = (id: string, label: string, style: TextInputStyle, maxLength: number, required: boolean) =>
    new TextInputBuilder()
      .setCustomId(id)
      .setLabel(label)
      .setStyle(style)
      .setMaxLength(maxLength)
      .setRequired(required);
  const title = input(ENTRY_FIELDS.title, 'Title', TextInputStyle.Short, LIMITS.title, true);
  const content = input(ENTRY_FIELDS.content, 'Content', TextInputStyle.Paragraph, 4000, true);
  const category = input(ENTRY_FIELDS.category, 'Category (optional)', TextInputStyle.Short, LIMITS.category, false);
  const tags = input(ENTRY_FIELDS.tags, 'Tags, separated by commas (optional)', TextInputStyle.Short, 400, false);
  if (entry) {
    title.setValue(entry.title);
    content.setValue(entry.content);
    if (entry.category) category.setValue(entry.category);
    if (entry.tags.length) tags.setValue(entry.tags.join(', '));
  }
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(heading)
    .addComponents(
      [title, content, category, tags].map((field) => new ActionRowBuilder<TextInputBuilder>().addComponents(field)),
    );
}
