/**
 * The baseline of `bench/commands.ts`: a bare Sapphire bot with one slash command, `/ping`, answering at once with no
 * database, Redis, plugins or preconditions — what the framework and discord.js cost on their own. Run as its own
 * process, configured by DISCORD_TOKEN and DISCORD_API_URL (the emulator).
 */
import { Command, SapphireClient, container } from '@sapphire/framework';
import { GatewayIntentBits, type ClientOptions } from 'discord.js';

class PingCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, { ...options, name: 'ping', description: 'Pong.' });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) => builder.setName('ping').setDescription('Pong.'));
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await interaction.reply({ content: 'Pong.' });
  }
}

async function main() {
  const options: Omit<ClientOptions, 'tasks'> = {
    intents: [GatewayIntentBits.Guilds],
    rest: { api: process.env.DISCORD_API_URL! },
    baseUserDirectory: null,
    loadDefaultErrorListeners: false,
  };
  // @sapphire/plugin-scheduled-tasks (imported elsewhere in the program) makes `tasks` required on every
  // ClientOptions in the type program; this client never loads that plugin.
  const client = new SapphireClient(options as ClientOptions);
  await container.stores.loadPiece({ store: 'commands', name: 'ping', piece: PingCommand });
  client.once('ready', () => console.log('bare ping bot ready'));
  process.once('SIGTERM', () => {
    void client.destroy().then(() => process.exit(0));
  });
  await client.login(process.env.DISCORD_TOKEN!);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
