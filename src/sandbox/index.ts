import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { container } from '@sapphire/framework';
import type { APIMessage } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import type { BotConfig } from '../../config';
import { Emulator, type OptionValue } from '../../emulator';
import { startBot } from '../bot';
import { assertRedisReachable } from '../redis/connect';
import { expandMentions, parseSandboxInput } from './commandLine';
import { buildDemoWorld, SANDBOX_TOKEN, type DemoWorld } from './demoWorld';
import { renderMessage } from './render';

const BANNER = `
──────────────────────────────────────────────────────────────────────
 OFFLINE SANDBOX — no Discord here: a local emulator plays a server
 called "Sandbox" and you type as its members. Nothing leaves this
 machine. To run on real Discord, set DISCORD_TOKEN (see .env.example).

 Type messages (!help), slash commands (/plugins list, /config show),
 :as <admin|moderator|support|member>, :in <general|support|mod-log>,
 :click <button label>, :help, :quit
──────────────────────────────────────────────────────────────────────`;

/**
 * `npm start` without a token: starts the emulator with a demo guild, the real bot against it (embedded database
 * unless DATABASE_URL is set, every plugin enabled), and a prompt where the user acts as a member.
 */
export async function runSandbox(config: BotConfig): Promise<void> {
  await assertRedisReachable(config.redisUrl);
  const emu = await Emulator.start({ token: SANDBOX_TOKEN });
  const world = buildDemoWorld(emu);
  const bot = await startBot({
    ...config,
    token: SANDBOX_TOKEN,
    discordApiUrl: emu.apiUrl,
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
    restRequestsPerSecond: 1000,
  });
  await emu.waitForCommandsRegistered(['help'], { timeoutMs: 30_000 });
  await configureDemoGuild(world);
  console.log(BANNER);

  const names = new Map<string, string>();
  for (const [name, id] of [...world.members, ...world.channels]) names.set(id, name);
  for (const [name, id] of Object.entries(world.roles)) names.set(id, name);
  names.set(emu.botUserId, 'bot');
  names.set(world.supportCategoryId, 'Support');

  let as = 'member';
  let channel = 'general';
  let lastBotMessage: APIMessage | undefined;
  const shown = new Set<string>();
  const show = (message: APIMessage) => {
    if (message.author.id !== emu.botUserId || ((message.flags ?? 0) & MessageFlags.Loading) !== 0) return;
    const key = `${message.id}:${message.edited_timestamp ?? ''}`;
    if (shown.has(key)) return;
    shown.add(key);
    lastBotMessage = message;
    const where = names.get(message.channel_id) ?? 'DM';
    console.log(`${where === channel ? '' : `[#${where}] `}${renderMessage(message, names)}`);
  };
  emu.core.on('message', (record) => show(record.message));
  emu.core.on('messageUpdate', (record) => show(record.message));

  const resolveValue = (value: string): OptionValue => {
    if (value === 'true' || value === 'false') return value === 'true';
    const name = value.replace(/^[@#]/, '');
    return (
      world.members.get(name) ?? world.channels.get(name) ?? world.roles[name as keyof DemoWorld['roles']] ?? value
    );
  };

  const prompt = () => `${as} #${channel}> `;
  const lines = createInterface({ input: process.stdin, output: process.stdout, prompt: prompt() });
  lines.prompt();
  for await (const line of lines) {
    const input = parseSandboxInput(line);
    const actor = emu.actor(world.members.get(as)!);
    const channelId = world.channels.get(channel)!;
    try {
      switch (input.kind) {
        case 'quit':
          lines.close();
          break;
        case 'help':
          console.log(BANNER);
          break;
        case 'as':
          if (world.members.has(input.member)) as = input.member;
          else console.log(`No such member. Try: ${[...world.members.keys()].join(', ')}`);
          break;
        case 'in':
          if (world.channels.has(input.channel)) channel = input.channel;
          else console.log(`No such channel. Try: ${[...world.channels.keys()].join(', ')}`);
          break;
        case 'say':
          await actor.say(channelId, expandMentions(input.content, world.members, world.channels));
          break;
        case 'slash': {
          const options = Object.fromEntries(Object.entries(input.options).map(([k, v]) => [k, resolveValue(v)]));
          await actor.slash(channelId, input.command, { group: input.group, subcommand: input.subcommand, options });
          break;
        }
        case 'click': {
          const button = lastBotMessage && findButton(lastBotMessage, input.label);
          if (button) await actor.clickButton(lastBotMessage!, button);
          else console.log(`No button labelled "${input.label}" on the bot's last message.`);
          break;
        }
        case 'empty':
          break;
      }
    } catch (error) {
      console.log(`(${(error as Error).message})`);
    }
    if (input.kind === 'quit') break;
    await settle();
    lines.setPrompt(prompt());
    lines.prompt();
  }
  console.log('Stopping the sandbox…');
  await bot.stop();
  await emu.stop();
}

/** Gives the bot a moment to answer before the next prompt, so replies print above it. */
async function settle(): Promise<void> {
  await sleep(400);
}

/** Enables every plugin (dependencies first) and points the guild's settings at the demo channels and roles. */
async function configureDemoGuild(world: DemoWorld): Promise<void> {
  const { guildSettings, plugins, client } = container;
  await guildSettings.updateConfig(world.guildId, world.guildName, {
    adminRoleId: world.roles.admin,
    modRoleId: world.roles.moderator,
    supportRoleId: world.roles.support,
    modLogChannelId: world.channels.get('mod-log')!,
    logChannelId: world.channels.get('mod-log')!,
    ticketLogChannelId: world.channels.get('mod-log')!,
    welcomeChannelId: world.channels.get('general')!,
    supportCategoryId: world.supportCategoryId,
  });
  for (const plugin of plugins.all) {
    if (!(await guildSettings.isEnabled(world.guildId, plugin.name))) {
      await guildSettings.enablePlugin(world.guildId, plugin.name, client.user!.id);
    }
  }
}

function findButton(message: APIMessage, label: string): string | undefined {
  for (const row of message.components ?? []) {
    if (!('components' in row)) continue;
    for (const component of row.components) {
      if ('label' in component && component.label?.toLowerCase() === label.toLowerCase() && 'custom_id' in component) {
        return component.custom_id;
      }
    }
  }
  return undefined;
}
