import type { APIEmbed, APIMessage, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { ComponentType, MessageFlags } from 'discord-api-types/v10';

/** Looks up the names mentions refer to, as Discord's client shows them; undefined for unknown ids. */
export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): string | undefined;
}

/** A button or select menu of a message, in the order shown, with what `:click` and `:select` need. */
export interface Control {
  kind: 'button' | 'select';
  customId: string;
  /** A button's label, a menu's placeholder. */
  label: string;
  disabled: boolean;
  /** A string select's options. */
  options: { label: string; value: string }[];
}

/** Buttons and select menus of a message, in reading order (link buttons have no custom id and are left out). */
export function controlsOf(message: APIMessage): Control[] {
  const rows = (message.components ?? []) as APIMessageTopLevelComponent[];
  const children = rows.flatMap((row) => ('components' in row ? (row.components as { type: ComponentType }[]) : []));
  const controls: Control[] = [];
  for (const child of children) {
    const component = child as {
      type: ComponentType;
      custom_id?: string;
      label?: string;
      placeholder?: string;
      disabled?: boolean;
      options?: { label: string; value: string }[];
    };
    if (!component.custom_id) continue;
    const kind = component.type === ComponentType.Button ? 'button' : 'select';
    controls.push({
      kind,
      customId: component.custom_id,
      label: (kind === 'button' ? component.label : component.placeholder) ?? component.custom_id,
      disabled: component.disabled ?? false,
      options: component.options ?? [],
    });
  }
  return controls;
}

/**
 * A bot message as terminal text: content and embeds with mentions and timestamps as Discord shows them, buttons
 * numbered as `:click` takes them (`[1 Claim]`), menus with their options, attachments by name.
 */
export function renderMessage(message: APIMessage, names: NameLookup, now = Date.now()): string {
  const lines: string[] = [];
  const hidden = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0 ? ' (only you can see this)' : '';
  const text = (value: string) => renderMarkup(value, names, now);
  if (message.content) lines.push(...text(message.content).split('\n'));
  for (const embed of message.embeds) lines.push(...renderEmbed(embed, text));
  const controls = controlsOf(message);
  let button = 0;
  const shown = controls.map((control) => {
    const off = control.disabled ? ' (disabled)' : '';
    if (control.kind === 'button') return `[${++button} ${control.label}${off}]`;
    return `[▼ ${control.label}: ${control.options.map((option) => option.label).join(' | ')}${off}]`;
  });
  if (shown.length) lines.push(shown.join(' '));
  return `bot${hidden} ▸ ${lines.join('\n      ')}`;
}

function renderEmbed(embed: APIEmbed, text: (value: string) => string): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(`┃ ${text(embed.title)}`);
  if (embed.description)
    lines.push(
      ...text(embed.description)
        .split('\n')
        .map((line) => `┃ ${line}`),
    );
  for (const field of embed.fields ?? [])
    lines.push(`┃ ${text(field.name)}: ${text(field.value).replace(/\n/g, ' · ')}`);
  if (embed.footer?.text) lines.push(`┃ — ${text(embed.footer.text)}`);
  return lines;
}

/** `<@id>`, `<#id>` and `<@&id>` become names, `<t:seconds:style>` the time Discord would show. */
export function renderMarkup(text: string, names: NameLookup, now = Date.now()): string {
  return text
    .replace(/<(@!?|#|@&)(\d+)>/g, (match, kind: string, id: string) => {
      const name = kind === '#' ? names.channel(id) : kind === '@&' ? names.role(id) : names.user(id);
      if (name === undefined) return match;
      return kind === '#' ? `#${name}` : `@${name}`;
    })
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_match, seconds: string, style: string | undefined) =>
      formatTimestamp(Number(seconds) * 1000, style ?? 'f', now),
    );
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** The styles of Discord's timestamp markup, in English and the machine's time zone. */
function formatTimestamp(at: number, style: string, now: number): string {
  const date = new Date(at);
  const format = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', options).format(date);
  switch (style) {
    case 'R': {
      const difference = at - now;
      const [unit, size] = UNITS.find(([, length]) => Math.abs(difference) >= length) ?? UNITS[UNITS.length - 1]!;
      return relative.format(Math.round(difference / size), unit);
    }
    case 't':
      return format({ timeStyle: 'short' });
    case 'T':
      return format({ timeStyle: 'medium' });
    case 'd':
      return format({ dateStyle: 'short' });
    case 'D':
      return format({ dateStyle: 'long' });
    case 'F':
      return format({ dateStyle: 'full', timeStyle: 'short' });
    default:
      return format({ dateStyle: 'long', timeStyle: 'short' });
  }
}
