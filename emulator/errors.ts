import { RESTJSONErrorCodes } from 'discord-api-types/v10';

/** One leaf of Discord's 50035 `errors` tree. */
export interface FormErrorLeaf {
  code: string;
  message: string;
}

/** Discord's nested `errors` object: keys are field names or array indexes, leaves hold `_errors`. */
export interface FormErrorTree {
  [key: string]: FormErrorTree | FormErrorLeaf[];
}

/** A Discord API error: thrown by the emulator's operations, turned into an HTTP response by the REST router. */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrorTree,
  ) {
    super(message);
    this.name = 'DiscordApiError';
  }

  toBody(): { message: string; code: number; errors?: FormErrorTree } {
    return this.errors
      ? { message: this.message, code: this.code, errors: this.errors }
      : { message: this.message, code: this.code };
  }
}

const notFound = (code: number, message: string) => () => new DiscordApiError(404, code, message);

export const unknownChannel = notFound(RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
export const unknownGuild = notFound(RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild');
export const unknownMember = notFound(RESTJSONErrorCodes.UnknownMember, 'Unknown Member');
export const unknownMessage = notFound(RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
export const unknownRole = notFound(RESTJSONErrorCodes.UnknownRole, 'Unknown Role');
export const unknownUser = notFound(RESTJSONErrorCodes.UnknownUser, 'Unknown User');
export const unknownBan = notFound(RESTJSONErrorCodes.UnknownBan, 'Unknown Ban');
export const unknownEmoji = notFound(RESTJSONErrorCodes.UnknownEmoji, 'Unknown Emoji');
export const unknownWebhook = notFound(RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
export const unknownInteraction = notFound(RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
export const unknownApplicationCommand = notFound(
  RESTJSONErrorCodes.UnknownApplicationCommand,
  'Unknown application command',
);

export const missingAccess = () => new DiscordApiError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
export const missingPermissions = () =>
  new DiscordApiError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');
export const cannotSendToUser = () =>
  new DiscordApiError(403, RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'Cannot send messages to this user');
export const cannotEditOtherUsersMessage = () =>
  new DiscordApiError(
    403,
    RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser,
    'Cannot edit a message authored by another user',
  );
export const interactionAlreadyAcknowledged = () =>
  new DiscordApiError(
    400,
    RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
    'Interaction has already been acknowledged.',
  );
export const bulkDeleteTooOld = () =>
  new DiscordApiError(
    400,
    RESTJSONErrorCodes.OneOfTheMessagesProvidedWasTooOldForBulkDelete,
    'You can only bulk delete messages that are under 14 days old.',
  );
export const maximumGuildChannels = () =>
  new DiscordApiError(
    400,
    RESTJSONErrorCodes.MaximumNumberOfGuildChannelsReached,
    'Maximum number of server channels reached (500)',
  );
export const cannotSendEmptyMessage = () =>
  new DiscordApiError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
export const unauthorized = () => new DiscordApiError(401, 0, '401: Unauthorized');

/** Collects field errors while validating a body; `throwIfAny` raises one 50035 with the whole tree, as Discord does. */
export class FormErrors {
  private readonly tree: FormErrorTree = {};
  private count = 0;

  add(path: (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const existing = node[String(key)];
      if (existing === undefined || Array.isArray(existing)) {
        const child: FormErrorTree = {};
        node[String(key)] = child;
        node = child;
      } else {
        node = existing;
      }
    }
    const leaves = node._errors;
    if (Array.isArray(leaves)) leaves.push({ code, message });
    else node._errors = [{ code, message }];
    this.count += 1;
  }

  /** Adds the error Discord gives for a string longer than `max`. */
  maxLength(path: (string | number)[], value: string | undefined | null, max: number): void {
    if (value != null && value.length > max) {
      this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }

  throwIfAny(): void {
    if (this.count > 0) throw this.toError();
  }

  toError(): DiscordApiError {
    return invalidFormBody(this.tree);
  }
}

export const invalidFormBody = (errors: FormErrorTree) =>
  new DiscordApiError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors);

/** A single-field 50035, e.g. `invalidField(['communication_disabled_until'], 'BASE_TYPE_BAD_DATE', '…')`. */
export function invalidField(path: (string | number)[], code: string, message: string): DiscordApiError {
  const errors = new FormErrors();
  errors.add(path, code, message);
  return errors.toError();
}
