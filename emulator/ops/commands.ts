import {
  ApplicationCommandType,
  type APIApplicationCommand,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import { FormErrors, unknownApplicationCommand } from '../errors';

function commandStore(core: EmulatorCore, guildId?: string): Map<string, APIApplicationCommand> {
  return guildId ? core.requireGuild(guildId).commands : core.world.globalCommands;
}

function validateCommand(body: RESTPostAPIApplicationCommandsJSONBody): void {
  const errors = new FormErrors();
  const type = body.type ?? ApplicationCommandType.ChatInput;
  if (!body.name) errors.add(['name'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else if (type === ApplicationCommandType.ChatInput && !/^[-_\p{L}\p{N}]{1,32}$/u.test(body.name)) {
    errors.add(['name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === ApplicationCommandType.ChatInput) {
    const description = 'description' in body ? body.description : undefined;
    if (!description) errors.add(['description'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.maxLength(['description'], description, 100);
  }
  if ((('options' in body && body.options) || []).length > 25) {
    errors.add(['options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  }
  errors.throwIfAny();
}

/**
 * Stores a command with the fields exactly as sent plus the ones Discord assigns (id, version…),
 * so a framework comparing its local definition with ours sees no difference on the next boot.
 */
function storeCommand(
  core: EmulatorCore,
  body: RESTPostAPIApplicationCommandsJSONBody,
  guildId: string | undefined,
  id: string,
): APIApplicationCommand {
  validateCommand(body);
  const command = {
    ...body,
    id,
    application_id: core.config.applicationId,
    version: core.snowflake(),
    type: body.type ?? ApplicationCommandType.ChatInput,
    description: 'description' in body && body.description !== undefined ? body.description : '',
    guild_id: guildId,
    // The stored shape is what was sent; Discord's defaults for omitted optional fields are left out on purpose.
  } as APIApplicationCommand;
  commandStore(core, guildId).set(id, command);
  return command;
}

/** POST: creates, or replaces the command with the same name and type (Discord's upsert). */
export function upsertCommand(core: EmulatorCore, body: RESTPostAPIApplicationCommandsJSONBody, guildId?: string) {
  const existing = [...commandStore(core, guildId).values()].find(
    (command) => command.name === body.name && command.type === (body.type ?? ApplicationCommandType.ChatInput),
  );
  return { command: storeCommand(core, body, guildId, existing?.id ?? core.snowflake()), created: !existing };
}

export function patchCommand(
  core: EmulatorCore,
  commandId: string,
  patch: Partial<RESTPostAPIApplicationCommandsJSONBody>,
  guildId?: string,
): APIApplicationCommand {
  const existing = commandStore(core, guildId).get(commandId);
  if (!existing) throw unknownApplicationCommand();
  const { id: _id, application_id: _app, version: _version, guild_id: _guild, ...fields } = existing;
  return storeCommand(core, { ...fields, ...patch } as RESTPostAPIApplicationCommandsJSONBody, guildId, commandId);
}

export function getCommand(core: EmulatorCore, commandId: string, guildId?: string): APIApplicationCommand {
  const command = commandStore(core, guildId).get(commandId);
  if (!command) throw unknownApplicationCommand();
  return command;
}

export function deleteCommand(core: EmulatorCore, commandId: string, guildId?: string): void {
  if (!commandStore(core, guildId).delete(commandId)) throw unknownApplicationCommand();
}

/** PUT: replaces the whole set; commands keeping their name and type keep their id. */
export function overwriteCommands(
  core: EmulatorCore,
  bodies: RESTPostAPIApplicationCommandsJSONBody[],
  guildId?: string,
): APIApplicationCommand[] {
  const store = commandStore(core, guildId);
  const previous = [...store.values()];
  bodies.forEach(validateCommand);
  store.clear();
  return bodies.map((body) => {
    const type = body.type ?? ApplicationCommandType.ChatInput;
    const kept = previous.find((command) => command.name === body.name && command.type === type);
    return storeCommand(core, body, guildId, kept?.id ?? core.snowflake());
  });
}

/** The command a user would run by this name in this guild: guild commands shadow global ones. */
export function findCommand(core: EmulatorCore, name: string, guildId?: string): APIApplicationCommand | undefined {
  const isNamed = (command: APIApplicationCommand) =>
    command.name === name && command.type === ApplicationCommandType.ChatInput;
  const guildCommands = guildId ? [...core.requireGuild(guildId).commands.values()] : [];
  return guildCommands.find(isNamed) ?? [...core.world.globalCommands.values()].find(isNamed);
}
