import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { unknownWebhook } from '../errors';
import { deleteCommand, getCommand, overwriteCommands, patchCommand, upsertCommand } from '../ops/commands';
import { Reply, type Route, type RouteContext } from './router';

type CommandBody = RESTPostAPIApplicationCommandsJSONBody;

/** The same five routes exist for global (`/applications/:app/commands`) and guild commands. */
function commandRoutes(base: string): Route[] {
  const scope = ({ core, params }: RouteContext) => {
    // An unknown application id is answered like Discord answers a foreign one.
    if (params.applicationId !== core.config.applicationId) throw unknownWebhook();
    return params.guildId;
  };
  return [
    {
      method: 'GET',
      pattern: base,
      handler: (context) => context.core.world.commands(scope(context)),
    },
    {
      method: 'POST',
      pattern: base,
      handler: (context) => {
        const { command, created } = upsertCommand(context.core, context.body as CommandBody, scope(context));
        return new Reply(created ? 201 : 200, command);
      },
    },
    {
      method: 'PUT',
      pattern: base,
      handler: (context) => overwriteCommands(context.core, context.body as CommandBody[], scope(context)),
    },
    {
      method: 'GET',
      pattern: `${base}/:commandId`,
      handler: (context) => getCommand(context.core, context.params.commandId, scope(context)),
    },
    {
      method: 'PATCH',
      pattern: `${base}/:commandId`,
      handler: (context) =>
        patchCommand(context.core, context.params.commandId, context.body as Partial<CommandBody>, scope(context)),
    },
    {
      method: 'DELETE',
      pattern: `${base}/:commandId`,
      handler: (context) => deleteCommand(context.core, context.params.commandId, scope(context)),
    },
  ];
}

export const applicationCommandRoutes: Route[] = [
  ...commandRoutes('/applications/:applicationId/commands'),
  ...commandRoutes('/applications/:applicationId/guilds/:guildId/commands'),
];
