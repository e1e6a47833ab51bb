import type { APIGuildMember } from 'discord-api-types/v10';
import { kickMember, modifyMember, setMemberRole, type MemberEdit } from '../ops/guilds';
import { guildPayload, memberPayload } from '../payloads';
import type { Route } from './router';

const MEMBER = '/guilds/:guildId/members/:userId';

export const memberRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId',
    handler: ({ core, params }) => guildPayload(core.requireGuild(params.guildId)),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/members/search',
    handler: ({ core, params, query }): APIGuildMember[] => {
      const guild = core.requireGuild(params.guildId);
      const wanted = (query.query ?? '').toLowerCase();
      const limit = Number(query.limit ?? 1);
      return [...guild.members.values()]
        .filter((member) => {
          const user = core.world.users.get(member.userId);
          return [user?.username, user?.global_name, member.nick].some((name) =>
            name?.toLowerCase().startsWith(wanted),
          );
        })
        .slice(0, limit)
        .map((member) => memberPayload(core.world, member));
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/members',
    handler: ({ core, params, query }): APIGuildMember[] => {
      const guild = core.requireGuild(params.guildId);
      const limit = Math.min(Number(query.limit ?? 1), 1000);
      const after = BigInt(query.after ?? 0);
      return [...guild.members.values()]
        .filter((member) => BigInt(member.userId) > after)
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit)
        .map((member) => memberPayload(core.world, member));
    },
  },
  {
    method: 'PATCH',
    pattern: '/guilds/:guildId/members/@me',
    handler: ({ core, params, body, executor }) =>
      modifyMember(core, params.guildId, core.botUserId, { nick: (body as MemberEdit).nick }, executor),
  },
  {
    method: 'GET',
    pattern: MEMBER,
    handler: ({ core, params }) =>
      memberPayload(core.world, core.requireMember(core.requireGuild(params.guildId), params.userId)),
  },
  {
    method: 'PATCH',
    pattern: MEMBER,
    handler: ({ core, params, body, executor }) =>
      modifyMember(core, params.guildId, params.userId, body as MemberEdit, executor),
  },
  {
    method: 'DELETE',
    pattern: MEMBER,
    handler: ({ core, params, executor }) => kickMember(core, params.guildId, params.userId, executor),
  },
  {
    method: 'PUT',
    pattern: `${MEMBER}/roles/:roleId`,
    handler: ({ core, params, executor }) =>
      setMemberRole(core, params.guildId, params.userId, params.roleId, true, executor),
  },
  {
    method: 'DELETE',
    pattern: `${MEMBER}/roles/:roleId`,
    handler: ({ core, params, executor }) =>
      setMemberRole(core, params.guildId, params.userId, params.roleId, false, executor),
  },
];
