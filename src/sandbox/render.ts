import type { APIEmbed, APIMessage, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { ComponentType, MessageFlags } from 'discord-api-types/v10';

/** A bot message as terminal text: content, embeds as boxed lines, buttons and menus as `[Label]`. */
export function renderMessage(message: APIMessage, names: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const hidden = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0 ? ' (only you can see this)' : '';
  if (message.content) lines.push(...withMentions(message.content, names).split('\n'));
  for (const embed of message.embeds) lines.push(...renderEmbed(embed, names));
  const components = (message.components ?? []) as APIMessageTopLevelComponent[];
  const children: { type: ComponentType; label?: string; placeholder?: string }[] = components.flatMap((row) =>
    'components' in row ? (row.components as { type: ComponentType }[]) : [],
  );
  const controls = children.map((component) => {
    if (component.type === ComponentType.Button) return `[${component.label ?? 'button'}]`;
    if (component.placeholder !== undefined) return `[▼ ${component.placeholder}]`;
    return '';
  });
  if (controls.some(Boolean)) lines.push(controls.filter(Boolean).join(' '));
  for (const attachment of message.attachments) lines.push(`📎 ${attachment.filename}`);
  return `bot${hidden} ▸ ${lines.join('\n      ')}`;
}

function renderEmbed(embed: APIEmbed, names: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(`┃ ${embed.title}`);
  if (embed.description)
    lines.push(
      ...withMentions(embed.description, names)
        .split('\n')
        .map((line) => `┃ ${line}`),
    );
  for (const field of embed.fields ?? []) {
    lines.push(`┃ ${field.name}: ${withMentions(field.value, names).replace(/\n/g, ' · ')}`);
  }
  if (embed.footer?.text) lines.push(`┃ — ${embed.footer.text}`);
  return lines;
}

/** `<@id>`, `<#id>` and `<@&id>` become readable names. */
function withMentions(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(/<(@!?|#|@&)(\d+)>/g, (match, kind: string, id: string) => {
    const name = names.get(id);
    if (!name) return match;
    return kind === '#' ? `#${name}` : `@${name}`;
  });
}
