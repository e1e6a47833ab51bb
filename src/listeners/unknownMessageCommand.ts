import { Events, Listener, type MessageCommand, type UnknownMessageCommandPayload } from '@sapphire/framework';

/**
 * Sapphire finds a prefix command's name up to the first space, so `!warn` followed by a newline or a non-breaking
 * space is an unknown command and silence. This looks the name up to the first whitespace of any kind and, when it
 * is a command, runs it as Sapphire would have (preconditions first).
 */
export class UnknownMessageCommandListener extends Listener<typeof Events.UnknownMessageCommand> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.UnknownMessageCommand });
  }

  public override run({ message, prefix, commandName, commandPrefix }: UnknownMessageCommandPayload) {
    const split = /\s/.exec(commandName);
    if (!split) return;
    const name = commandName.slice(0, split.index);
    const { client, stores } = this.container;
    const command = stores.get('commands').get(client.options.caseInsensitiveCommands ? name.toLowerCase() : name);
    if (!command?.messageRun) return;
    const runnable = command as MessageCommand;
    const prefixLess = message.content.slice(commandPrefix.length).trim();
    client.emit(Events.PreMessageCommandRun, {
      message,
      command: runnable,
      parameters: prefixLess.slice(name.length).trim(),
      context: { commandName: name, commandPrefix, prefix },
    });
  }
}
