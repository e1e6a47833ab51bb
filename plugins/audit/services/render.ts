import type { APIEmbed } from 'discord.js';
import type { AuditEntry } from './entries';

/** Discord's embed limits. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** All embeds of one message together. */
  messageTotal: 6000,
  embedsPerMessage: 10,
  filesPerMessage: 10,
} as const;

export interface RenderedEntry {
  embed: APIEmbed;
  /** Characters the embed counts against the message total. */
  size: number;
  files: { name: string; content: string }[];
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * The embed of one event, within Discord's limits: a field longer than 1,024 characters is cut and its full text
 * attached as a file (GearBot#305: long fields made whole log messages fail).
 */
export function renderEntry(entry: AuditEntry, index = 0): RenderedEntry {
  const files: RenderedEntry['files'] = [];
  if (entry.file) files.push(entry.file);
  const fields = entry.fields.slice(0, LIMITS.fields - 1).map((field) => {
    const name = cut(field.name, LIMITS.fieldName);
    if (field.value.length <= LIMITS.fieldValue) return { name, value: field.value || '—', inline: field.inline };
    const fileName = `${entry.action}-${index}-${slug(field.name)}.txt`;
    files.push({ name: fileName, content: field.value });
    const note = `\n… (full text in ${fileName})`;
    return { name, value: cut(field.value, LIMITS.fieldValue - note.length) + note, inline: field.inline };
  });
  if (entry.actorId) fields.push({ name: 'By', value: `<@${entry.actorId}>`, inline: true });
  const footer = [entry.caseNumber ? `Case #${entry.caseNumber}` : '', entry.targetId ? `ID ${entry.targetId}` : '']
    .filter(Boolean)
    .join(' · ');
  const embed: APIEmbed = {
    title: cut(entry.title, LIMITS.title),
    description: cut(entry.summary, LIMITS.description),
    color: entry.color,
    fields,
    timestamp: entry.at.toISOString(),
    ...(footer ? { footer: { text: footer } } : {}),
  };
  const sizeOf = () =>
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields.reduce((total, field) => total + field.name.length + field.value.length, 0) +
    footer.length;
  // A single embed must fit a message: the last fields move into files until it does.
  while (sizeOf() > LIMITS.messageTotal && fields.length > 1) {
    const moved = fields.splice(fields.length - 2, 1)[0]!;
    files.push({ name: `${entry.action}-${index}-${slug(moved.name)}.txt`, content: moved.value });
  }
  return { embed, size: sizeOf(), files };
}

/** Groups rendered entries into messages: at most 10 embeds, 6,000 characters and 10 files each. */
export function packMessages(entries: readonly RenderedEntry[]): RenderedEntry[][] {
  const messages: RenderedEntry[][] = [];
  let current: RenderedEntry[] = [];
  let size = 0;
  let files = 0;
  for (const entry of entries) {
    const full =
      current.length >= LIMITS.embedsPerMessage ||
      size + entry.size > LIMITS.messageTotal ||
      files + entry.files.length > LIMITS.filesPerMessage;
    if (full && current.length > 0) {
      messages.push(current);
      current = [];
      size = 0;
      files = 0;
    }
    current.push(entry);
    size += entry.size;
    files += entry.files.length;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'field'
  );
}
