import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { container } from '@sapphire/framework';
import { MessageFlags, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { loadConfig, type BotConfig } from '../../config';
import { Emulator, type Actor, type OptionValue } from '../../emulator';
import { startBot, type RunningBot } from '../../src/bot';
import type { SettingsActor } from '../../src/guilds/settingsChanges';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_REDIS_URL, uniqueRedisNamespace } from './redis';
import { eventually } from './wait';

export const TEST_TOKEN = 'e2e-token';
/** Plugins only tests install: the README's example plugins, and the probe that records what the gate lets through. */
export const HARNESS_PLUGIN_DIRS = [
  resolve(__dirname, '../../examples/plugins'),
  resolve(__dirname, '../fixtures/harness-plugins'),
];

/** One emulator and one bot for the whole mocha run: Sapphire's registries are global to a process. */
export interface Harness {
  emu: Emulator;
  bot: RunningBot;
  config: BotConfig;
  database: TestDatabase;
}

let booting: Promise<Harness> | undefined;

/**
 * Boots (once) the emulator, a fresh database and the real bot through its production entry (`startBot`),
 * configured like any deployment — only the URLs point at the emulator and the test database.
 */
export function harness(): Promise<Harness> {
  booting ??= (async () => {
    const emu = await Emulator.start({ token: TEST_TOKEN });
    const database = await createTestDatabase('e2e');
    const config = loadConfig({
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('e2e'),
      REST_REQUESTS_PER_SECOND: '5000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      EXTRA_PLUGIN_DIRS: HARNESS_PLUGIN_DIRS.join(','),
      // The metrics endpoint on a free port: tests read /metrics and /readyz as Prometheus would.
      METRICS_PORT: '0',
      // The web dashboard on a free port, logging in through the emulator's OAuth2.
      DASHBOARD_PORT: '0',
      DASHBOARD_CLIENT_SECRET: emu.oauthClientSecret,
      DASHBOARD_SESSION_SECRET: randomBytes(32).toString('hex'),
    });
    const bot = await startBot(config);
    await emu.waitForCommandsRegistered(['plugins', 'config', 'help', 'status', 'permissions'], { timeoutMs: 15_000 });
    return { emu, bot, config, database };
  })();
  return booting;
}

// Root-level hook: runs once after every test file, if any of them booted the harness.
after(async function () {
  this.timeout(20_000);
  if (!booting) return;
  const { emu, bot, database } = await booting;
  await bot.stop();
  await emu.stop();
  await database.drop();
});

/** A guild of its own for one test: owner (an admin), a moderator, a member, and the ids tests need. */
export interface TestGuild {
  id: string;
  generalChannelId: string;
  owner: APIUser;
  moderator: APIUser;
  member: APIUser;
  modRoleId: string;
  as: { owner: Actor; moderator: Actor; member: Actor };
  /** Who a test's own set-up changes the guild's settings as: its owner, recorded as the bot's doing (`system`). */
  setupBy: SettingsActor;
  /** Runs a slash command in #general and waits for the bot's visible reply. */
  slash(actor: Actor, command: string, subcommand?: string, options?: Record<string, OptionValue>): Promise<BotReply>;
  /** Says `content` in #general and waits for the bot's next message there. */
  prefix(actor: Actor, content: string): Promise<BotReply>;
}

export interface BotReply {
  reply: APIMessage;
  /** Content, embed titles, descriptions and fields, one per line: what a member reads. */
  text: string;
  ephemeral: boolean;
}

/** What a member reads in a message: its content, then each embed's title, description and fields. */
export function textOf(message: APIMessage): string {
  return [
    message.content,
    ...message.embeds.flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
    ]),
  ].join('\n');
}

function botReply(reply: APIMessage): BotReply {
  return { reply, text: textOf(reply), ephemeral: ((reply.flags ?? 0) & MessageFlags.Ephemeral) !== 0 };
}

/**
 * Registers hooks in the calling `describe` that give each of its tests a fresh guild with `plugin` enabled by the
 * owner; `use` receives the harness and that guild before each test.
 */
export function eachTestInGuildWith(plugin: string, use: (fixture: { h: Harness; guild: TestGuild }) => void): void {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  beforeEach(async () => {
    const guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
    use({ h, guild });
  });
}

/** Sets one of `plugin`'s settings in the guild, as its owner would; `value` is stored as JSON. */
export function setPluginSetting(guild: TestGuild, plugin: string, key: string, value: unknown) {
  return container.guildSettings.setPluginSetting(guild.id, plugin, key, JSON.stringify(value), guild.setupBy);
}

let guildCounter = 0;

/** A test guild of the in-process bot (see {@link harness}): built, then waited for until the bot has seen it. */
export async function createTestGuild(emu: Emulator, name?: string): Promise<TestGuild> {
  const guild = buildTestGuild(emu, name);
  // The bot must have received the guild and its members before a test acts in it.
  await eventually(
    () => container.client.guilds.cache.get(guild.id)?.members.cache.has(guild.member.id) ?? false,
    `the bot to see guild ${guild.id}`,
  );
  return guild;
}

/**
 * A test guild in the emulator's world, without waiting for a bot to see it: for bots run as processes (see
 * `botProcessSuite`), which receive it when they connect.
 */
export function buildTestGuild(emu: Emulator, name = `Guild ${++guildCounter}`): TestGuild {
  const owner = emu.createUser({ username: `owner${guildCounter}` });
  const moderator = emu.createUser({ username: `mod${guildCounter}` });
  const member = emu.createUser({ username: `member${guildCounter}` });
  const guild = emu.createGuild({ name, ownerId: owner.id });
  const modRole = emu.createRole(guild.id, { name: 'Moderators' });
  emu.addMember(guild.id, moderator.id, { roles: [modRole.id] });
  emu.addMember(guild.id, member.id);
  return {
    id: guild.id,
    generalChannelId: guild.generalChannelId,
    owner,
    moderator,
    member,
    modRoleId: modRole.id,
    as: { owner: emu.actor(owner.id), moderator: emu.actor(moderator.id), member: emu.actor(member.id) },
    setupBy: { userId: owner.id, source: 'system' },
    slash: async (actor, command, subcommand, options = {}) => {
      const handle = await actor.slash(guild.generalChannelId, command, { subcommand, options });
      return botReply(await handle.reply());
    },
    prefix: async (actor, content) => {
      await actor.say(guild.generalChannelId, content);
      return botReply(await emu.waitForMessage({ channelId: guild.generalChannelId }));
    },
  };
}
