import type { APIMessage } from 'discord-api-types/v10';
import {
  addReaction,
  bulkDeleteMessages,
  createMessage,
  deleteMessage,
  editMessage,
  listMessages,
  reactionUsers,
  removeReaction,
  requireChannelAccess,
  requireMessage,
  type MessageBody,
} from '../ops/messages';
import { messagePayload } from '../payloads';
import type { Route } from './router';

const MESSAGE = '/channels/:channelId/messages/:messageId';
const REACTION = `${MESSAGE}/reactions/:emoji`;

export const messageRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/channels/:channelId/messages',
    handler: ({ core, params, body, files }): APIMessage =>
      messagePayload(
        createMessage(core, params.channelId, body as MessageBody, { authorId: core.botUserId, files }),
        core.botUserId,
      ),
  },
  {
    method: 'GET',
    pattern: '/channels/:channelId/messages',
    handler: ({ core, params, query }) => listMessages(core, params.channelId, core.botUserId, query),
  },
  {
    method: 'GET',
    pattern: MESSAGE,
    handler: ({ core, params }) => {
      requireChannelAccess(core, core.requireChannel(params.channelId), core.botUserId);
      return messagePayload(requireMessage(core, params.channelId, params.messageId), core.botUserId);
    },
  },
  {
    method: 'PATCH',
    pattern: MESSAGE,
    handler: ({ core, params, body, files }) =>
      messagePayload(
        editMessage(core, params.channelId, params.messageId, core.botUserId, body as MessageBody, files),
        core.botUserId,
      ),
  },
  {
    method: 'DELETE',
    pattern: MESSAGE,
    handler: ({ core, params, executor }) => {
      deleteMessage(core, params.channelId, params.messageId, executor.userId, executor.reason);
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/messages/bulk-delete',
    handler: ({ core, params, body, executor }) => {
      const messages = (body as { messages?: unknown }).messages;
      bulkDeleteMessages(core, params.channelId, messages, executor.userId, executor.reason);
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/typing',
    handler: ({ core, params }) => {
      requireChannelAccess(core, core.requireChannel(params.channelId), core.botUserId);
    },
  },
  {
    method: 'PUT',
    pattern: `${REACTION}/@me`,
    handler: ({ core, params }) => {
      addReaction(core, params.channelId, params.messageId, core.botUserId, params.emoji);
    },
  },
  {
    method: 'DELETE',
    pattern: `${REACTION}/@me`,
    handler: ({ core, params }) => {
      removeReaction(core, params.channelId, params.messageId, core.botUserId, core.botUserId, params.emoji);
    },
  },
  {
    method: 'DELETE',
    pattern: `${REACTION}/:userId`,
    handler: ({ core, params }) => {
      removeReaction(core, params.channelId, params.messageId, core.botUserId, params.userId, params.emoji);
    },
  },
  {
    method: 'GET',
    pattern: REACTION,
    handler: ({ core, params }) => reactionUsers(core, params.channelId, params.messageId, params.emoji),
  },
];
