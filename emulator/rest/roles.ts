import { unknownRole } from '../errors';
import { createRole, deleteRole, editRole, type RoleInput } from '../ops/guilds';
import type { Route } from './router';

export const roleRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId/roles',
    handler: ({ core, params }) => [...core.requireGuild(params.guildId).roles.values()],
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/roles/:roleId',
    handler: ({ core, params }) => {
      const role = core.requireGuild(params.guildId).roles.get(params.roleId);
      if (!role) throw unknownRole();
      return role;
    },
  },
  {
    method: 'POST',
    pattern: '/guilds/:guildId/roles',
    handler: ({ core, params, body, executor }) => createRole(core, params.guildId, body as RoleInput, executor),
  },
  {
    method: 'PATCH',
    pattern: '/guilds/:guildId/roles/:roleId',
    handler: ({ core, params, body, executor }) =>
      editRole(core, params.guildId, params.roleId, body as RoleInput, executor),
  },
  {
    method: 'DELETE',
    pattern: '/guilds/:guildId/roles/:roleId',
    handler: ({ core, params, executor }) => deleteRole(core, params.guildId, params.roleId, executor),
  },
];
