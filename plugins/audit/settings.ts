import { z } from 'zod';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { channelId, roleId, watchedChannelId } from '#core/plugin-kit/settingIds';

/** An ignore list: of this guild's channels, categories or roles (checked like single ids), or of any users. */
const idList = (element: z.ZodString) => z.array(element).max(100).default([]);

const routeChannel = (category: AuditEvent) =>
  channelId().nullable().default(null).describe(`Where ${category} go (none: the core log channel)`);

export const auditSettings = z.object({
  messageChannel: routeChannel(AuditEvent.MESSAGE_EVENTS),
  memberChannel: routeChannel(AuditEvent.MEMBER_EVENTS),
  channelChannel: routeChannel(AuditEvent.CHANNEL_EVENTS),
  roleChannel: routeChannel(AuditEvent.ROLE_EVENTS),
  modChannel: routeChannel(AuditEvent.MOD_EVENTS),
  voiceChannel: routeChannel(AuditEvent.VOICE_EVENTS),
  threadChannel: routeChannel(AuditEvent.THREAD_EVENTS),
  settingsChannel: routeChannel(AuditEvent.SETTINGS_EVENTS),
  ignoredChannels: idList(watchedChannelId()).describe('Channels whose events are not logged (use /audit ignore)'),
  ignoredCategories: idList(watchedChannelId()).describe('Categories whose channels are not logged'),
  ignoredRoles: idList(roleId()).describe('Members with one of these roles are not logged'),
  ignoredUsers: idList(z.string().regex(/^\d{17,20}$/, 'must be a list of user ids')).describe(
    'Users whose events are not logged',
  ),
  ignoreBots: z.boolean().default(false).describe('Do not log what bots do or what happens to them'),
  retentionDays: z.number().int().min(1).max(3650).default(90).describe('Delete stored events after this many days'),
  newAccountDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(7)
    .describe('Flag joining accounts younger than this many days (0: never)'),
});

export type AuditSettings = z.infer<typeof auditSettings>;

/** The setting holding each category's own log channel. */
export const CATEGORY_CHANNEL_SETTING = {
  [AuditEvent.MESSAGE_EVENTS]: 'messageChannel',
  [AuditEvent.MEMBER_EVENTS]: 'memberChannel',
  [AuditEvent.CHANNEL_EVENTS]: 'channelChannel',
  [AuditEvent.ROLE_EVENTS]: 'roleChannel',
  [AuditEvent.MOD_EVENTS]: 'modChannel',
  [AuditEvent.VOICE_EVENTS]: 'voiceChannel',
  [AuditEvent.THREAD_EVENTS]: 'threadChannel',
  [AuditEvent.SETTINGS_EVENTS]: 'settingsChannel',
} as const satisfies Record<AuditEvent, keyof AuditSettings>;

/** The ignore lists `/audit ignore` edits, by the kind of thing ignored. */
export const IGNORE_LIST_SETTING = {
  channel: 'ignoredChannels',
  category: 'ignoredCategories',
  role: 'ignoredRoles',
  user: 'ignoredUsers',
} as const satisfies Record<string, keyof AuditSettings>;

export type IgnoreKind = keyof typeof IGNORE_LIST_SETTING;

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    /** Daily: deletes every guild's stored events older than its retention (one scheduler for all guilds). */
    auditRetention: null;
  }
}
