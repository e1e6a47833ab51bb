import { Client, Events, GatewayIntentBits, type ClientOptions, type Partials } from 'discord.js';
import { Emulator } from '../../emulator';

export const TOKEN = 'emulator-test-token';

export const ALL_TEST_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

/** An emulator with an owner, a member (alice) and one guild. */
export async function startWorld(options: { shardCount?: number } = {}) {
  const emu = await Emulator.start({ token: TOKEN, shardCount: options.shardCount });
  const owner = emu.createUser({ username: 'owner' });
  const alice = emu.createUser({ username: 'alice' });
  const guild = emu.createGuild({ name: 'Test Guild', ownerId: owner.id });
  emu.addMember(guild.id, alice.id);
  return { emu, owner, alice, guild, channelId: guild.generalChannelId };
}

/** Logs a real discord.js client in to the emulator and waits for it to be ready. */
export interface ConnectOptions {
  intents?: GatewayIntentBits[];
  shards?: number[];
  shardCount?: number;
  rest?: { globalRequestsPerSecond?: number };
  partials?: Partials[];
}

export async function connectClient(emu: Emulator, options: ConnectOptions = {}): Promise<Client<true>> {
  const clientOptions: Omit<ClientOptions, 'tasks'> = {
    intents: options.intents ?? ALL_TEST_INTENTS,
    ...(options.shards ? { shards: options.shards, shardCount: options.shardCount } : {}),
    rest: { ...options.rest, api: emu.apiUrl },
    ...(options.partials ? { partials: options.partials } : {}),
  };
  // @sapphire/plugin-scheduled-tasks (imported by src/) makes `tasks` required on every ClientOptions in the
  // program; a bare discord.js Client never reads it.
  const client = new Client(clientOptions as ClientOptions);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(TOKEN);
  await ready;
  return client as Client<true>;
}
