import { banPayload, banUser, listBans, unbanUser } from '../ops/guilds';
import { requirePermissions } from '../permissions';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Route } from './router';

const BAN = '/guilds/:guildId/bans/:userId';

export const banRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId/bans',
    handler: ({ core, params, query }) => listBans(core, params.guildId, core.botUserId, query),
  },
  {
    method: 'GET',
    pattern: BAN,
    handler: ({ core, params }) => {
      const guild = core.requireGuild(params.guildId);
      requirePermissions(core.world, guild, core.botUserId, PermissionFlagsBits.BanMembers);
      return banPayload(core, guild, params.userId);
    },
  },
  {
    method: 'PUT',
    pattern: BAN,
    handler: ({ core, params, body, executor }) =>
      banUser(
        core,
        params.guildId,
        params.userId,
        body as { delete_message_seconds?: number; delete_message_days?: number },
        executor,
      ),
  },
  {
    method: 'DELETE',
    pattern: BAN,
    handler: ({ core, params, executor }) => unbanUser(core, params.guildId, params.userId, executor),
  },
];
