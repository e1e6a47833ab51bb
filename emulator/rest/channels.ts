import type { OverwriteType } from 'discord-api-types/v10';
import {
  activeThreads,
  createChannel,
  deleteChannel,
  deleteOverwrite,
  editChannel,
  putOverwrite,
  setThreadMembership,
  startThread,
  type ChannelEdit,
  type ChannelInput,
  type ThreadInput,
} from '../ops/channels';
import { requireChannelAccess } from '../ops/messages';
import { channelPayload } from '../payloads';
import { Reply, type Route } from './router';

export const channelRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/channels/:channelId',
    handler: ({ core, params }) => {
      const channel = core.requireChannel(params.channelId);
      requireChannelAccess(core, channel, core.botUserId);
      return channelPayload(core.world, channel);
    },
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channelId',
    handler: ({ core, params, body, executor }) => editChannel(core, params.channelId, body as ChannelEdit, executor),
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId',
    handler: ({ core, params, executor }) => deleteChannel(core, params.channelId, executor),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/channels',
    handler: ({ core, params }) => {
      core.requireGuild(params.guildId);
      return core.world.guildChannels(params.guildId).map((channel) => channelPayload(core.world, channel));
    },
  },
  {
    method: 'POST',
    pattern: '/guilds/:guildId/channels',
    handler: ({ core, params, body, executor }) =>
      new Reply(201, channelPayload(core.world, createChannel(core, params.guildId, body as ChannelInput, executor))),
  },
  {
    method: 'PUT',
    pattern: '/channels/:channelId/permissions/:overwriteId',
    handler: ({ core, params, body, executor }) => {
      const overwrite = body as { type: OverwriteType; allow?: string | null; deny?: string | null };
      putOverwrite(core, params.channelId, { ...overwrite, id: params.overwriteId }, executor);
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId/permissions/:overwriteId',
    handler: ({ core, params, executor }) => {
      deleteOverwrite(core, params.channelId, params.overwriteId, executor);
    },
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/messages/:messageId/threads',
    handler: ({ core, params, body, executor }) =>
      new Reply(201, startThread(core, params.channelId, body as ThreadInput, executor, params.messageId)),
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/threads',
    handler: ({ core, params, body, executor }) =>
      new Reply(201, startThread(core, params.channelId, body as ThreadInput, executor)),
  },
  {
    method: 'PUT',
    pattern: '/channels/:channelId/thread-members/@me',
    handler: ({ core, params }) => setThreadMembership(core, params.channelId, core.botUserId, true),
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId/thread-members/@me',
    handler: ({ core, params }) => setThreadMembership(core, params.channelId, core.botUserId, false),
  },
  {
    method: 'PUT',
    pattern: '/channels/:channelId/thread-members/:userId',
    handler: ({ core, params }) => setThreadMembership(core, params.channelId, params.userId, true),
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId/thread-members/:userId',
    handler: ({ core, params }) => setThreadMembership(core, params.channelId, params.userId, false),
  },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/threads/active',
    handler: ({ core, params }) => activeThreads(core, params.guildId),
  },
];
