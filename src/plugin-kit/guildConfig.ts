import type { GuildConfig } from '../database/entities/GuildConfig';
import type { SettingsActor } from '../guilds/settingsChanges';
import type { CommandSource } from './respond';

export { AuditEvent } from '../database/entities/GuildConfig';
export { PermissionSubject } from '../database/entities/PermissionOverride';
export {
  settingTargetName,
  type SettingChange,
  type SettingsActor,
  type SettingsChangeEvent,
  type SettingsChangeSource,
  type SettingTarget,
} from '../guilds/settingsChanges';

/**
 * The core's per-guild configuration a plugin may read (`/config`: log channels, staff roles, audit categories).
 * Plugins get it through a function their manifest hands their service, e.g.
 * `configOf: async (guildId) => (await container.guildSettings.get(guildId)).config`.
 */
export type CoreGuildConfig = Readonly<
  Pick<
    GuildConfig,
    | 'logChannelId'
    | 'modLogChannelId'
    | 'supportCategoryId'
    | 'ticketLogChannelId'
    | 'welcomeChannelId'
    | 'modRoleId'
    | 'adminRoleId'
    | 'supportRoleId'
    | 'auditEvents'
  >
>;

/**
 * Who changes settings from a command: its user, through a slash command (or the form or button it opened) or a
 * prefix command. Every settings write takes one (`plugin.setSetting(guildId, key, value, settingsActorOf(source))`).
 */
export function settingsActorOf(source: CommandSource): SettingsActor {
  return 'author' in source
    ? { userId: source.author.id, source: 'prefix' }
    : { userId: source.user.id, source: 'slash' };
}
