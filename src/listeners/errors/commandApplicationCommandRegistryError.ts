import { Listener, type Command } from '@sapphire/framework';

/** Registering a slash command with Discord failed: log which one. */
export class CommandApplicationCommandRegistryErrorListener extends Listener {
  public override run(error: unknown, command: Command) {
    this.container.logger.error(`Registering the slash command ${command.name} failed:`, error);
  }
}
