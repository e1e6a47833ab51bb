import type { APIUser, RESTPostAPICurrentUserCreateDMChannelJSONBody } from 'discord-api-types/v10';
import { FormErrors } from '../errors';
import { openDm } from '../ops/channels';
import { channelPayload } from '../payloads';
import type { Route } from './router';

export const userRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/users/@me',
    bearer: 'identify',
    handler: ({ core, bearerUserId }): APIUser => core.requireUser(bearerUserId ?? core.botUserId),
  },
  {
    method: 'GET',
    pattern: '/users/@me/guilds',
    bearer: 'guilds',
    handler: ({ core, bearerUserId }) => core.oauth.guildsOf(bearerUserId ?? core.botUserId),
  },
  { method: 'GET', pattern: '/users/:userId', handler: ({ core, params }): APIUser => core.requireUser(params.userId) },
  {
    method: 'POST',
    pattern: '/users/@me/channels',
    handler: ({ core, body }) => {
      const { recipient_id: recipientId } = body as RESTPostAPICurrentUserCreateDMChannelJSONBody;
      if (!recipientId) {
        const errors = new FormErrors();
        errors.add(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        errors.throwIfAny();
      }
      return channelPayload(core.world, openDm(core, recipientId));
    },
  },
];
