import type { GuildConfig } from '../database/entities/GuildConfig';

export { AuditEvent } from '../database/entities/GuildConfig';

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
