import { UserError } from '@sapphire/framework';
import { ChannelType } from 'discord-api-types/v10';
import { z } from 'zod';
import type { ChannelSnapshot, GuildSnapshot } from '../guilds/guildSnapshot';
import { checkGuildIds, discordIdKindOf, type DiscordIdSetting, type GuildIdTargets } from '../plugin-kit/settingIds';
import { html, type Html } from './html';

/** JSON Schema of one setting, as zod 4 emits it (the parts the form reads). */
interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxLength?: number;
  default?: unknown;
  anyOf?: FieldSchema[];
}

type Control =
  | { kind: 'checkbox' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  | { kind: 'choice'; options: string[] }
  | { kind: 'text'; maxLength?: number }
  | { kind: 'ids'; setting: DiscordIdSetting }
  | { kind: 'json' };

export interface SettingField {
  key: string;
  description?: string;
  control: Control;
}

/** One input per setting, from the plugin's zod schema through its JSON Schema (zod 4 `z.toJSONSchema`). */
export function settingFields(schema: z.ZodObject): SettingField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, FieldSchema>;
  };
  return Object.keys(schema.shape).map((key) => {
    const property = json.properties?.[key] ?? {};
    const ids = discordIdKindOf(schema.shape[key] as z.ZodType);
    return {
      key,
      description: property.description,
      control: ids ? { kind: 'ids', setting: ids } : controlOf(property),
    };
  });
}

function controlOf(property: FieldSchema): Control {
  const types = [property.type ?? property.anyOf?.map((option) => option.type)].flat().filter(Boolean);
  const single = types.length === 1 ? types[0] : undefined;
  if (single === 'boolean') return { kind: 'checkbox' };
  if (single === 'integer' || single === 'number') {
    return {
      kind: 'number',
      integer: single === 'integer',
      min: property.minimum ?? property.exclusiveMinimum,
      max: property.maximum ?? property.exclusiveMaximum,
    };
  }
  if (single === 'string' && property.enum?.every((value) => typeof value === 'string')) {
    return { kind: 'choice', options: property.enum as string[] };
  }
  if (single === 'string') return { kind: 'text', maxLength: property.maxLength };
  return { kind: 'json' };
}

/**
 * What the form sent, as the text `/plugins config` would take for each setting. Roles and channels are checked
 * against the server as there (exists, not @everyone, usable by the bot); a refusal there is the field's error.
 */
export async function readSettingsForm(
  guild: GuildIdTargets,
  fields: readonly SettingField[],
  form: URLSearchParams,
): Promise<{ values: Record<string, string>; problems: Record<string, string> }> {
  const values: Record<string, string> = {};
  const problems: Record<string, string> = {};
  for (const { key, control } of fields) {
    const sent = form.getAll(key);
    if (sent.length === 0 && control.kind !== 'checkbox' && !(control.kind === 'ids' && control.setting.list)) continue;
    if (control.kind === 'checkbox') values[key] = sent.at(-1) === 'true' ? 'true' : 'false';
    else if (control.kind === 'ids') {
      const typed = control.setting.list ? JSON.stringify(sent.filter(Boolean)) : sent[0] || 'none';
      try {
        values[key] = await checkGuildIds(guild, control.setting, typed);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        problems[key] = error.message;
      }
    } else values[key] = sent[0]!;
  }
  return { values, problems };
}

/** The settings form: current (or just sent) values, and each refused field's message beside it. */
export function renderSettingsForm(options: {
  guild: GuildSnapshot;
  /** The guild's channels, for channel pickers. */
  channels: readonly ChannelSnapshot[];
  fields: readonly SettingField[];
  values: Record<string, unknown>;
  problems: Record<string, string>;
  csrf: string;
  action: string;
}): Html {
  const { guild, channels, fields, values, problems, csrf, action } = options;
  return html`<form method="post" action="${action}" class="card" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}" />
    <input type="hidden" name="guildId" value="${guild.id}" />
    ${fields.map((field) => renderField(guild, channels, field, values[field.key], problems[field.key]))}
    <button type="submit">Save settings</button>
  </form>`;
}

function renderField(
  guild: GuildSnapshot,
  channels: readonly ChannelSnapshot[],
  field: SettingField,
  value: unknown,
  problem: string | undefined,
): Html {
  const id = `setting-${field.key}`;
  const describedBy = [field.description ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ');
  const attributes = html`id="${id}" name="${field.key}" ${describedBy ? html`aria-describedby="${describedBy}"` : ''}
  ${problem ? html`aria-invalid="true"` : ''}`;
  const { control } = field;
  let input: Html;
  if (control.kind === 'checkbox') {
    input = html`<span class="check"
      ><input type="hidden" name="${field.key}" value="false" /><input
        type="checkbox"
        value="true"
        ${attributes}
        ${value === true || value === 'true' ? html`checked` : ''}
      />
      <span>On</span></span
    >`;
  } else if (control.kind === 'number') {
    input = html`<input
      type="number"
      inputmode="${control.integer ? 'numeric' : 'decimal'}"
      ${attributes}
      value="${textOf(value)}"
      ${control.min !== undefined ? html`min="${control.min}"` : ''}
      ${control.max !== undefined ? html`max="${control.max}"` : ''}
      step="${control.integer ? '1' : 'any'}"
    />`;
  } else if (control.kind === 'choice') {
    input = html`<select ${attributes}>
      ${control.options.map(
        (option) => html`<option value="${option}" ${option === value ? html`selected` : ''}>${option}</option>`,
      )}
    </select>`;
  } else if (control.kind === 'text') {
    input = html`<input
      type="text"
      ${attributes}
      value="${textOf(value)}"
      ${control.maxLength !== undefined ? html`maxlength="${control.maxLength}"` : ''}
    />`;
  } else if (control.kind === 'ids') {
    const selected = new Set([value].flat().filter((item): item is string => typeof item === 'string'));
    const choices = idChoices(guild, channels, control.setting);
    input = control.setting.list
      ? html`<select multiple ${attributes}>
          ${choices.map(
            (choice) =>
              html`<option value="${choice.id}" ${selected.has(choice.id) ? html`selected` : ''}>
                ${choice.label}
              </option>`,
          )}
        </select>`
      : html`<select ${attributes}>
          <option value="none">(none)</option>
          ${choices.map(
            (choice) =>
              html`<option value="${choice.id}" ${selected.has(choice.id) ? html`selected` : ''}>
                ${choice.label}
              </option>`,
          )}
        </select>`;
  } else {
    input = html`<textarea ${attributes} spellcheck="false">
${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</textarea>`;
  }
  return html`<div class="field">
    <label for="${id}">${field.key}</label>
    ${field.description ? html`<span class="hint" id="${id}-hint">${field.description}</span>` : ''} ${input}
    ${problem ? html`<span class="error-text" id="${id}-error">${problem}</span>` : ''}
  </div>`;
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The server's roles or channels a setting of that kind can name, for its picker. */
export function idChoices(
  guild: GuildSnapshot,
  channels: readonly ChannelSnapshot[],
  setting: DiscordIdSetting,
): { id: string; label: string }[] {
  if (setting.kind === 'role') {
    return [...guild.roles.values()]
      .filter((role) => role.id !== guild.id && !role.managed)
      .sort((a, b) => b.position - a.position)
      .map((role) => ({ id: role.id, label: `@${role.name}` }));
  }
  const wanted = (type: ChannelType) =>
    setting.kind === 'category'
      ? type === ChannelType.GuildCategory
      : setting.kind === 'watched'
        ? type === ChannelType.GuildCategory ||
          type === ChannelType.GuildText ||
          type === ChannelType.GuildAnnouncement ||
          type === ChannelType.GuildVoice
        : type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement;
  return channels
    .filter((channel) => wanted(channel.type))
    .sort((a, b) => a.position - b.position)
    .map((channel) => ({
      id: channel.id,
      label: channel.type === ChannelType.GuildCategory ? channel.name : `#${channel.name}`,
    }));
}
