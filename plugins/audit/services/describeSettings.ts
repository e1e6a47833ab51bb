import {
  AuditEvent,
  PermissionSubject,
  settingTargetName,
  type SettingChange,
  type SettingsChangeEvent,
  type SettingsChangeSource,
} from '#core/plugin-kit/guildConfig';
import type { AuditTargetType } from '../entities/AuditLog';
import { block, COLORS, type AuditEntry, type EntryField } from './entries';

const FROM: Record<SettingsChangeSource, string> = {
  slash: 'with a slash command',
  prefix: 'with a prefix command',
  dashboard: 'on the dashboard',
  system: 'by the bot itself',
};

/** Changes shown as a field each; more (a large settings form) share one last field, attached in full if long. */
const OWN_FIELDS = 20;
/** A value is shown inline (`1` → `2`) up to this length, else in code blocks. */
const INLINE = 100;

/**
 * A change of the bot's settings (the core's `settingsChange`) as an audit entry: one per command or dashboard form,
 * a field per value with its before → after, the actor, and where it was made.
 */
export function describeSettingsChange(event: SettingsChangeEvent): AuditEntry {
  const names = event.changes.map((change) => settingTargetName(change.target));
  const fields: EntryField[] = event.changes
    .slice(0, OWN_FIELDS)
    .map((change, index) => ({ name: names[index]!, value: beforeAfter(change) }));
  if (event.changes.length > OWN_FIELDS) {
    fields.push({
      name: `${event.changes.length - OWN_FIELDS} more`,
      value: event.changes
        .slice(OWN_FIELDS)
        .map((change, index) => `${names[OWN_FIELDS + index]}: ${beforeAfter(change)}`)
        .join('\n'),
    });
  }
  fields.push({ name: 'From', value: event.actor.source, inline: true });
  const subject = subjectOf(event.changes);
  return {
    guildId: event.guildId,
    category: AuditEvent.SETTINGS_EVENTS,
    action: actionOf(event.changes),
    actorId: event.actor.userId,
    targetId: subject.id,
    targetType: subject.type,
    changes: {
      source: event.actor.source,
      changes: event.changes.map((change, index) => ({
        target: names[index],
        before: change.before ?? null,
        after: change.after ?? null,
      })),
    },
    summary: `${event.changes.length === 1 ? 'Changed' : `${event.changes.length} settings changed`} ${FROM[event.actor.source]}: ${names.join(', ')}`,
    at: event.at,
    channelIds: [],
    subjectUserId: null,
    subjectIsBot: false,
    subjectRoleIds: [],
    title: 'Bot settings changed',
    fields,
    color: COLORS.updated,
  };
}

/** What one command or form did, as the audit action: all its changes are of one kind. */
function actionOf(changes: readonly SettingChange[]): string {
  const [first] = changes;
  if (!first || changes.some((change) => change.target.kind !== first.target.kind)) return 'settings_change';
  switch (first.target.kind) {
    case 'plugin':
      return first.after === true ? 'plugin_enable' : 'plugin_disable';
    case 'pluginSetting':
      return 'plugin_config';
    case 'config':
      return 'config_change';
    case 'permission':
      return 'permission_change';
  }
}

/** A permission override is about its role or member (found by `/audit search member:`); the rest about settings. */
function subjectOf(changes: readonly SettingChange[]): { id: string | null; type: AuditTargetType } {
  const [only] = changes;
  if (changes.length === 1 && only?.target.kind === 'permission') {
    return { id: only.target.subjectId, type: only.target.subjectType === PermissionSubject.ROLE ? 'role' : 'member' };
  }
  return { id: null, type: 'setting' };
}

function beforeAfter(change: SettingChange): string {
  const [before, after] = [shown(change.before), shown(change.after)];
  const short = (text: string) => text.length <= INLINE && !/[`\n]/.test(text);
  if (short(before) && short(after)) return `\`${before}\` → \`${after}\``;
  return `Before:\n${block(before)}\nAfter:\n${block(after)}`;
}

/** A value as JSON (`none` for no value: a setting cleared, an override removed). */
function shown(value: unknown): string {
  return value === null || value === undefined ? 'none' : JSON.stringify(value);
}
