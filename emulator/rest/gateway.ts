import type { RESTGetAPIGatewayBotResult, RESTGetAPIGatewayResult } from 'discord-api-types/v10';
import type { Route } from './router';

/** The address clients connect to: the emulator itself (the gateway shares the REST port). */
function gatewayUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws');
}

export const gatewayRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/gateway/bot',
    handler: ({ core }): RESTGetAPIGatewayBotResult => ({
      url: gatewayUrl(core.baseUrl),
      shards: core.config.shardCount,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  },
  {
    method: 'GET',
    pattern: '/gateway',
    noAuth: true,
    handler: ({ core }): RESTGetAPIGatewayResult => ({ url: gatewayUrl(core.baseUrl) }),
  },
];
