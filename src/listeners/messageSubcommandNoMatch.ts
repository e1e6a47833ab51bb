import { Listener, UserError } from '@sapphire/framework';
import { SubcommandPluginEvents, type MessageSubcommandNoMatchContext } from '@sapphire/plugin-subcommands';
import type { Message } from 'discord.js';
import { replyWithError } from '../plugin-kit/respond';

/**
 * A prefix command with subcommands given none it knows (`!support`, `!xp`): the usage of its subcommands instead
 * of silence, with the server's prefix.
 */
export class MessageSubcommandNoMatchListener extends Listener<typeof SubcommandPluginEvents.MessageSubcommandNoMatch> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: SubcommandPluginEvents.MessageSubcommandNoMatch });
  }

  public override async run(message: Message, _args: unknown, context: MessageSubcommandNoMatchContext) {
    const { command, commandPrefix } = context;
    const described = String(command.detailedDescription || '');
    const forms = described
      ? described.split(' · ').map((form) => form.replace(/^\//, commandPrefix))
      : command.parsedSubcommandMappings.map((mapping) => `${commandPrefix}${command.name} ${mapping.name}`);
    const error = new UserError({
      identifier: 'MessageSubcommandNoMatch',
      message: `\`${commandPrefix}${command.name}\` needs a subcommand. Usage: ${forms.map((form) => `\`${form}\``).join(' · ')}`,
    });
    await replyWithError(message, error, `Command ${command.name}`);
  }
}
