import {
  ApplicationIntegrationType,
  ChannelType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessage,
  type APIMessageInteractionMetadata,
  type APIModalInteractionResponseCallbackData,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import { interactionAlreadyAcknowledged, unknownInteraction, unknownMessage, unknownWebhook } from '../errors';
import { channelPayload, interactionMemberPayload, messagePayload } from '../payloads';
import { channelPermissions } from '../permissions';
import type { InteractionRecord, MessageRecord } from '../world';
import {
  applyEdit,
  createMessage,
  removeMessage,
  requireMessage,
  validateMessageBody,
  type MessageBody,
  type UploadedFile,
} from './messages';

/** Interaction tokens stay valid for follow-ups this long (Discord: 15 minutes). */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export interface InteractionInput {
  type: InteractionType;
  userId: string;
  channelId: string;
  /** The interaction's `data`, already shaped for its type. */
  data: NonNullable<APIInteraction['data']>;
  /** Component interactions: the message holding the component. */
  sourceMessage?: MessageRecord;
  commandName?: string;
}

/** Builds an INTERACTION_CREATE as Discord sends it, records the interaction and dispatches it. */
export function dispatchInteraction(core: EmulatorCore, input: InteractionInput): InteractionRecord {
  const channel = core.requireChannel(input.channelId);
  const guild = channel.guildId ? core.requireGuild(channel.guildId) : undefined;
  const user = core.requireUser(input.userId);
  const member = guild ? core.requireMember(guild, input.userId) : undefined;
  const id = core.snowflake();
  const token = `${Buffer.from(`interaction:${id}:`).toString('base64url')}${core.snowflake()}`;
  const appPermissions = guild ? channelPermissions(core.world, guild, channel, core.botUserId) : 0n;
  const owners = guild
    ? { [ApplicationIntegrationType.GuildInstall]: guild.id }
    : { [ApplicationIntegrationType.UserInstall]: user.id };
  const interaction = {
    id,
    application_id: core.config.applicationId,
    type: input.type,
    data: input.data,
    guild: guild ? { id: guild.id, locale: Locale.EnglishUS, features: [] } : undefined,
    guild_id: guild?.id,
    channel: channelPayload(core.world, channel),
    channel_id: channel.id,
    member: guild && member ? interactionMemberPayload(core.world, guild, member, channel) : undefined,
    user: guild ? undefined : user,
    token,
    version: 1,
    message: input.sourceMessage ? messagePayload(input.sourceMessage, core.botUserId) : undefined,
    app_permissions: appPermissions.toString(),
    locale: Locale.EnglishUS,
    guild_locale: guild ? Locale.EnglishUS : undefined,
    entitlements: [],
    authorizing_integration_owners: owners,
    context: guild
      ? InteractionContextType.Guild
      : channel.type === ChannelType.DM
        ? InteractionContextType.BotDM
        : InteractionContextType.PrivateChannel,
    attachment_size_limit: 10 * 1024 * 1024,
  } as APIInteraction; // The union is discriminated by `type`; `data` was built for that type by the caller.
  const record: InteractionRecord = {
    id,
    token,
    type: input.type,
    userId: input.userId,
    channelId: channel.id,
    guildId: guild?.id,
    sourceMessageId: input.sourceMessage?.message.id,
    commandName: input.commandName,
    followUpMessageIds: [],
    createdAt: Date.now(),
  };
  core.world.interactions.set(id, record);
  core.world.interactionsByToken.set(token, record);
  core.dispatch(GatewayDispatchEvents.InteractionCreate, interaction, { guildId: guild?.id });
  return record;
}

function metadata(core: EmulatorCore, record: InteractionRecord): APIMessageInteractionMetadata {
  const base = {
    id: record.id,
    user: core.requireUser(record.userId),
    authorizing_integration_owners: record.guildId
      ? { [ApplicationIntegrationType.GuildInstall]: record.guildId }
      : { [ApplicationIntegrationType.UserInstall]: record.userId },
    original_response_message_id: record.originalMessageId,
  };
  if (record.type === InteractionType.MessageComponent) {
    return { ...base, type: InteractionType.MessageComponent, interacted_message_id: record.sourceMessageId ?? '' };
  }
  return { ...base, type: InteractionType.ApplicationCommand };
}

/** Creates the application's message answering an interaction (original response or follow-up). */
function createResponseMessage(
  core: EmulatorCore,
  record: InteractionRecord,
  body: MessageBody,
  files: UploadedFile[],
  flags: number,
): MessageRecord {
  return createMessage(
    core,
    record.channelId,
    { ...body, flags },
    {
      authorId: core.botUserId,
      files,
      type: record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Reply,
      interactionMetadata: metadata(core, record),
      webhookId: core.config.applicationId,
      applicationId: core.config.applicationId,
      skipPermissionCheck: true,
    },
  );
}

function requireInteraction(core: EmulatorCore, id: string, token: string, ackTimeoutMs: number): InteractionRecord {
  const record = core.world.interactions.get(id);
  if (!record || record.token !== token) throw unknownInteraction();
  if (record.response) throw interactionAlreadyAcknowledged();
  // Discord forgets interactions not acknowledged in time; answering late is a real bug worth surfacing.
  if (Date.now() - record.createdAt > ackTimeoutMs) throw unknownInteraction();
  return record;
}

/** POST /interactions/{id}/{token}/callback. Returns the body for `with_response=true`, else undefined (204). */
export function interactionCallback(
  core: EmulatorCore,
  id: string,
  token: string,
  response: APIInteractionResponse,
  files: UploadedFile[],
  options: { withResponse: boolean; ackTimeoutMs: number },
): RESTPostAPIInteractionCallbackWithResponseResult | undefined {
  const record = requireInteraction(core, id, token, options.ackTimeoutMs);
  const data = 'data' in response ? response.data : undefined;
  let message: MessageRecord | undefined;
  switch (response.type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const body = (data ?? {}) as MessageBody;
      validateMessageBody(body);
      message = createResponseMessage(core, record, body, files, body.flags ?? 0);
      record.originalMessageId = message.message.id;
      break;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = ((data as { flags?: number } | undefined)?.flags ?? 0) & MessageFlags.Ephemeral;
      // Discord shows a "thinking…" message: no content, the Loading flag, filled by the first edit or follow-up.
      message = createMessage(
        core,
        record.channelId,
        { content: '', flags: flags | MessageFlags.Loading, components: [] },
        {
          authorId: core.botUserId,
          type: record.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Reply,
          interactionMetadata: metadata(core, record),
          webhookId: core.config.applicationId,
          applicationId: core.config.applicationId,
          skipPermissionCheck: true,
          allowEmpty: true,
        },
      );
      record.originalMessageId = message.message.id;
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      if (!record.sourceMessageId) throw unknownInteraction();
      message = requireMessage(core, record.channelId, record.sourceMessageId);
      record.originalMessageId = message.message.id;
      if (response.type === InteractionResponseType.UpdateMessage) {
        applyEdit(core, message, (data ?? {}) as MessageBody, files);
      }
      break;
    }
    case InteractionResponseType.Modal:
      record.response = { type: response.type, data: response.data as APIModalInteractionResponseCallbackData };
      break;
    default:
      break;
  }
  record.response ??= { type: response.type as Exclude<InteractionResponseType, InteractionResponseType.Modal>, data };
  core.emit('interactionUpdate', record);
  if (!options.withResponse) return undefined;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      response_message_id: message?.message.id,
      response_message_loading: response.type === InteractionResponseType.DeferredChannelMessageWithSource,
      response_message_ephemeral: ((message?.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
    },
    resource: message
      ? { type: response.type, message: messagePayload(message, core.botUserId) }
      : { type: response.type },
  } as RESTPostAPIInteractionCallbackWithResponseResult; // `resource` is a union keyed by callback type.
}

function requireWebhookInteraction(core: EmulatorCore, applicationId: string, token: string): InteractionRecord {
  const record = core.world.interactionsByToken.get(token);
  if (!record || applicationId !== core.config.applicationId) throw unknownWebhook();
  if (Date.now() - record.createdAt > TOKEN_LIFETIME_MS) throw unknownWebhook();
  return record;
}

function requireOriginal(core: EmulatorCore, record: InteractionRecord): MessageRecord {
  if (!record.originalMessageId) throw unknownMessage();
  return requireMessage(core, record.channelId, record.originalMessageId);
}

/** Resolves `@original` or a follow-up id to the interaction's message. */
function requireWebhookMessage(core: EmulatorCore, record: InteractionRecord, messageId: string): MessageRecord {
  if (messageId === '@original') return requireOriginal(core, record);
  if (!record.followUpMessageIds.includes(messageId)) throw unknownMessage();
  return requireMessage(core, record.channelId, messageId);
}

function isLoading(message: APIMessage): boolean {
  return ((message.flags ?? 0) & MessageFlags.Loading) !== 0;
}

export function editWebhookMessage(
  core: EmulatorCore,
  applicationId: string,
  token: string,
  messageId: string,
  body: MessageBody,
  files: UploadedFile[],
): APIMessage {
  const record = requireWebhookInteraction(core, applicationId, token);
  const message = requireWebhookMessage(core, record, messageId);
  const flags = isLoading(message.message) ? (message.message.flags ?? 0) & ~MessageFlags.Loading : undefined;
  applyEdit(core, message, flags === undefined ? body : { ...body, flags: (body.flags ?? 0) | flags }, files);
  core.emit('interactionUpdate', record);
  return messagePayload(message, core.botUserId);
}

export function getWebhookMessage(core: EmulatorCore, applicationId: string, token: string, messageId: string) {
  const record = requireWebhookInteraction(core, applicationId, token);
  return messagePayload(requireWebhookMessage(core, record, messageId), core.botUserId);
}

export function deleteWebhookMessage(core: EmulatorCore, applicationId: string, token: string, messageId: string) {
  const record = requireWebhookInteraction(core, applicationId, token);
  const message = requireWebhookMessage(core, record, messageId);
  removeMessage(core, core.requireChannel(record.channelId), message.message.id);
  core.emit('interactionUpdate', record);
}

/** POST /webhooks/{app}/{token}: a follow-up; the first one after a deferral fills the "thinking" message. */
export function createFollowUp(
  core: EmulatorCore,
  applicationId: string,
  token: string,
  body: MessageBody,
  files: UploadedFile[],
): APIMessage {
  const record = requireWebhookInteraction(core, applicationId, token);
  if (!record.response) throw unknownWebhook();
  const original = record.originalMessageId
    ? core.world.messagesByChannel.get(record.channelId)?.get(record.originalMessageId)
    : undefined;
  if (original && isLoading(original.message)) {
    const flags = (original.message.flags ?? 0) & ~MessageFlags.Loading;
    applyEdit(core, original, { ...body, flags: (body.flags ?? 0) | flags }, files);
    core.emit('interactionUpdate', record);
    return messagePayload(original, core.botUserId);
  }
  const message = createResponseMessage(core, record, body, files, body.flags ?? 0);
  record.followUpMessageIds.push(message.message.id);
  core.emit('interactionUpdate', record);
  return messagePayload(message, core.botUserId);
}
