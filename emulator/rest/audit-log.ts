import { queryAuditLog } from '../ops/guilds';
import type { Route } from './router';

export const auditLogRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/guilds/:guildId/audit-logs',
    handler: ({ core, params, query }) => queryAuditLog(core, params.guildId, core.botUserId, query),
  },
];
