import type { APIInteractionResponse } from 'discord-api-types/v10';
import {
  createFollowUp,
  deleteWebhookMessage,
  editWebhookMessage,
  getWebhookMessage,
  interactionCallback,
} from '../ops/interactions';
import type { MessageBody } from '../ops/messages';
import type { Route } from './router';

const WEBHOOK_MESSAGE = '/webhooks/:webhookId/:token/messages/:messageId';

/** Interaction callbacks and the interaction webhook; both authenticate by the interaction token only. */
export function interactionRoutes(ackTimeoutMs: number): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/interactions/:interactionId/:token/callback',
      noAuth: true,
      handler: ({ core, params, body, files, query }) =>
        interactionCallback(core, params.interactionId, params.token, body as APIInteractionResponse, files, {
          withResponse: query.with_response === 'true',
          ackTimeoutMs,
        }),
    },
    {
      method: 'POST',
      pattern: '/webhooks/:webhookId/:token',
      noAuth: true,
      handler: ({ core, params, body, files }) =>
        createFollowUp(core, params.webhookId, params.token, body as MessageBody, files),
    },
    {
      method: 'GET',
      pattern: WEBHOOK_MESSAGE,
      noAuth: true,
      handler: ({ core, params }) => getWebhookMessage(core, params.webhookId, params.token, params.messageId),
    },
    {
      method: 'PATCH',
      pattern: WEBHOOK_MESSAGE,
      noAuth: true,
      handler: ({ core, params, body, files }) =>
        editWebhookMessage(core, params.webhookId, params.token, params.messageId, body as MessageBody, files),
    },
    {
      method: 'DELETE',
      pattern: WEBHOOK_MESSAGE,
      noAuth: true,
      handler: ({ core, params }) => deleteWebhookMessage(core, params.webhookId, params.token, params.messageId),
    },
  ];
}
