import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { container } from '@sapphire/framework';
import {
  ChannelType,
  ComponentType,
  MessageFlags,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { BotConfig } from '../../config';
import { Emulator, type InteractionHandle } from '../../emulator';
import { startBot } from '../bot';
import type { SettingsActor } from '../guilds/settingsChanges';
import { assertRedisReachable } from '../redis/connect';
import { parseSandboxInput, type SandboxInput } from './commandLine';
import { DemoActions } from './demoActions';
import { buildDemoWorld, SANDBOX_TOKEN, type DemoWorld } from './demoWorld';
import { startPlayground } from './playground/server';
import { controlsOf, renderMessage, type Control } from './render';

const BANNER = `
──────────────────────────────────────────────────────────────────────
 OFFLINE SANDBOX — no Discord here: a local emulator plays a server
 called "Sandbox" and you type as its members. Nothing leaves this
 machine. To run on real Discord, set DISCORD_TOKEN (see .env.example).
 Every run starts a fresh server; the bot's data lives in DATA_DIR/sandbox.

 Messages:        !help, !daily, !pay @moderator 10
 Slash commands:  /help, /help balance, /ticket open, /config show
   Options go in order (/pay @moderator 10) or by name, name:value
   (/plugins config plugin:welcome); a value runs until the next name:.
   Choices ignore case; @member, #channel and @role name demo ones.
 Forms (modals) ask for each field in turn; Enter keeps the default.
 :as <admin|moderator|support|member>   act as another member
 :in <channel> · :in dm                  go to a channel you can see, or your DMs with the bot
 :click <label> · :click <n>             press a button of a recent message here
 :select <menu> <option>                 pick in a menu of a recent message here
 :join · :leave                          (re)join the server (lifting a ban) or leave it
 :help · :quit
──────────────────────────────────────────────────────────────────────`;

/** How many of the bot's messages per channel `:click` and `:select` look back through. */
const RECENT_MESSAGES = 50;

/**
 * `npm start` without a token: starts the emulator with a demo guild, the real bot against it (its own embedded
 * database in DATA_DIR/sandbox unless DATABASE_URL is set, every plugin enabled), and a prompt where the user acts
 * as a member.
 */
export async function runSandbox(config: BotConfig): Promise<void> {
  await assertRedisReachable(config.redis);
  const dataDir = join(config.dataDir, 'sandbox');
  const emu = await Emulator.start({ token: SANDBOX_TOKEN });
  const world = buildDemoWorld(emu);
  const bot = await startBot({
    ...config,
    dataDir,
    token: SANDBOX_TOKEN,
    discordApiUrl: emu.apiUrl,
    logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel,
    restRequestsPerSecond: 1000,
    // The web dashboard too, logging in through the emulator's OAuth2 (pick a demo member; no Discord application).
    dashboard: {
      port: config.dashboard?.port ?? 0,
      host: config.dashboard?.host ?? '127.0.0.1',
      url: config.dashboard?.url,
      clientId: undefined,
      clientSecret: emu.oauthClientSecret,
      sessionSecret: randomBytes(32).toString('hex'),
    },
  });
  await emu.waitForCommandsRegistered(['help'], { timeoutMs: 30_000 });
  await configureDemoGuild(world);
  const actions = new DemoActions(emu, world);
  const playground = await startPlayground({
    actions,
    port: config.playgroundPort,
    dashboardUrl: container.dashboard.url,
  });
  console.log(BANNER);
  console.log(` Browser playground: ${playground.url}  (the same server, as a Discord-like page)`);
  console.log(` Web dashboard: ${container.dashboard.url} (log in as a demo member; admin manages the server)\n`);
  await new Session(actions, join(dataDir, 'files')).run();
  console.log('Stopping the sandbox…');
  await playground.stop();
  await bot.stop();
  await emu.stop();
}

/** The prompt: who you are, where you are, and what you have seen. */
class Session {
  private as = 'member';
  /** A guild channel's id, or `dm` for the member's DMs with the bot. */
  private where: string;
  private readonly shown = new Set<string>();
  /** Ids of the bot's messages shown, per channel, oldest first. */
  private readonly recent = new Map<string, string[]>();
  private readonly lines = createInterface({ input: process.stdin, output: process.stdout });
  private readonly queue: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;

  private readonly emu: Emulator;
  private readonly world: DemoWorld;

  public constructor(
    private readonly actions: DemoActions,
    private readonly filesDir: string,
  ) {
    this.emu = actions.emu;
    this.world = actions.world;
    this.where = this.world.channels.get('general')!;
    this.lines.on('line', (line) => {
      if (!this.waiting) {
        this.queue.push(line);
        return;
      }
      // A terminal echoes what is typed; piped input is echoed here so a transcript reads like a session.
      if (!process.stdin.isTTY) process.stdout.write(`${line}\n`);
      this.waiting(line);
      this.waiting = undefined;
    });
    this.lines.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
    this.emu.core.on('message', (record) => this.show(record.message));
    this.emu.core.on('messageUpdate', (record) => this.show(record.message));
  }

  public async run(): Promise<void> {
    for (;;) {
      const line = await this.read(this.prompt());
      if (line === undefined) break;
      const input = parseSandboxInput(line);
      if (input.kind === 'quit') break;
      try {
        await this.handle(input);
      } catch (error) {
        console.log(`(${(error as Error).message})`);
      }
      await settle();
    }
    this.lines.close();
  }

  private get channelId(): string {
    return this.where === 'dm' ? this.actions.actor(this.as).dmChannelId() : this.where;
  }

  private prompt(): string {
    return `${this.as} ${this.where === 'dm' ? 'DM' : `#${this.names.channel(this.where) ?? '?'}`}> `;
  }

  private async handle(input: SandboxInput): Promise<void> {
    const { actions, world } = this;
    switch (input.kind) {
      case 'help':
        console.log(BANNER);
        return;
      case 'as':
        if (world.members.has(input.member)) this.as = input.member;
        else console.log(`No such member. Try: ${[...world.members.keys()].join(', ')}`);
        return;
      case 'in':
        return this.goTo(input.channel);
      case 'say':
        await actions.say(this.as, this.channelId, input.content);
        return;
      case 'slash': {
        const { handle, leftover } = await actions.slash(this.as, this.channelId, input.text);
        return this.followUp(handle, leftover);
      }
      case 'click':
        return this.click(input.target);
      case 'select':
        return this.select(input.argument);
      case 'join':
        for (const line of await actions.join(this.as)) console.log(`(${line})`);
        return;
      case 'leave':
        console.log(`(${await actions.leave(this.as)})`);
        return;
      case 'empty':
      case 'quit':
        return;
    }
  }

  private goTo(name: string): void {
    if (name.toLowerCase() === 'dm') {
      this.where = 'dm';
      return;
    }
    const visible = this.actions.visibleChannels(this.as);
    const channel = visible.find((candidate) => candidate.name?.toLowerCase() === name.toLowerCase());
    if (channel) this.where = channel.id;
    else console.log(`You cannot see a #${name} here. Try: ${[...visible.map((c) => c.name), 'dm'].join(', ')}`);
  }

  /** The bot's recent messages in this channel that this member sees, newest first, as they are now. */
  private inView(): APIMessage[] {
    const channelId = this.channelId;
    return (this.recent.get(channelId) ?? [])
      .map((id) => this.emu.world.message(channelId, id))
      .filter((message): message is APIMessage => message !== undefined && this.actions.sees(this.as, message))
      .reverse();
  }

  private async click(target: string): Promise<void> {
    const messages = this.inView();
    const buttons = (message: APIMessage) => controlsOf(message).filter((control) => control.kind === 'button');
    let found: { message: APIMessage; button: Control } | undefined;
    if (/^\d+$/.test(target)) {
      // A number: the nth button of the newest message that has buttons, as printed (`[2 Close]`).
      const message = messages.find((candidate) => buttons(candidate).length);
      const button = message && buttons(message)[Number(target) - 1];
      if (message && button) found = { message, button };
    } else {
      for (const message of messages) {
        const button = buttons(message).find((control) => control.label.toLowerCase() === target.toLowerCase());
        if (button) {
          found = { message, button };
          break;
        }
      }
    }
    if (!found) {
      console.log(`No button "${target}" on the bot's recent messages here.`);
      return;
    }
    await this.followUp(await this.actions.click(this.as, found.message, found.button.customId));
  }

  /** `:select <menu> <option>`: the menu by its placeholder's start or number (optional when only one is in view). */
  private async select(argument: string): Promise<void> {
    const menus = this.inView().flatMap((message) =>
      controlsOf(message)
        .filter((control) => control.kind === 'select')
        .map((menu) => ({ message, menu })),
    );
    if (!menus.length) {
      console.log("No menu on the bot's recent messages here.");
      return;
    }
    const text = argument.toLowerCase();
    const [first = '', ...others] = argument.split(/\s+/);
    let chosen = menus.find(({ menu }) => text.startsWith(menu.label.toLowerCase()));
    let option = chosen ? argument.slice(chosen.menu.label.length).trim() : argument;
    if (!chosen && /^\d+$/.test(first) && menus[Number(first) - 1]) {
      chosen = menus[Number(first) - 1];
      option = others.join(' ');
    }
    chosen ??= menus[0]!;
    const picked = chosen.menu.options.find(
      (candidate) =>
        candidate.label.toLowerCase() === option.toLowerCase() ||
        candidate.value.toLowerCase() === option.toLowerCase(),
    );
    if (!picked) {
      console.log(
        `"${option}" is not in "${chosen.menu.label}": ${chosen.menu.options.map((o) => o.label).join(', ')}`,
      );
      return;
    }
    await this.followUp(await this.actions.select(this.as, chosen.message, chosen.menu.customId, [picked.value]));
  }

  /** Waits for the bot's first answer; a form (modal) is filled in here, field by field. */
  private async followUp(handle: InteractionHandle, leftover?: string): Promise<void> {
    const shown = await this.actions.modalOf(handle);
    if (!shown) return;
    const fields = await this.fillForm(shown.modal, leftover);
    if (fields) await this.followUp(await this.actions.submitModal(this.as, shown, fields));
  }

  /** Prints the form and asks for each text field; undefined when input ends before it is complete. */
  private async fillForm(
    modal: APIModalInteractionResponseCallbackData,
    leftover: string | undefined,
  ): Promise<Record<string, string> | undefined> {
    console.log(`┃ ${modal.title} (a form: answer each field; Enter keeps the default)`);
    const fields: Record<string, string> = {};
    let prefilled = leftover;
    for (const top of modal.components) {
      const [label, input] =
        top.type === ComponentType.Label
          ? [top.label, top.component]
          : top.type === ComponentType.ActionRow
            ? [undefined, top.components[0]]
            : [undefined, undefined];
      if (input?.type !== ComponentType.TextInput) continue;
      const name = label ?? input.label ?? input.custom_id;
      const required = input.required !== false;
      const hint = input.value ? ` [${input.value.replace(/\n/g, ' ')}]` : required ? '' : ' (optional)';
      let answer = prefilled;
      prefilled = undefined;
      if (answer !== undefined) console.log(`┃ ${name}: ${answer}`);
      while (answer === undefined || (required && !answer && !input.value)) {
        answer = await this.read(`┃ ${name}${hint}: `);
        if (answer === undefined) return undefined;
        answer = answer.trim();
      }
      fields[input.custom_id] = answer || input.value || '';
    }
    return fields;
  }

  private show(message: APIMessage): void {
    const { emu } = this;
    if (message.author.id !== emu.botUserId || ((message.flags ?? 0) & MessageFlags.Loading) !== 0) return;
    const key = `${message.id}:${message.edited_timestamp ?? ''}`;
    if (this.shown.has(key)) return;
    this.shown.add(key);
    const recent = this.recent.get(message.channel_id) ?? [];
    if (!recent.includes(message.id)) recent.push(message.id);
    this.recent.set(message.channel_id, recent.slice(-RECENT_MESSAGES));
    const channel = emu.world.channel(message.channel_id);
    const here = message.channel_id === this.channelId;
    const where =
      channel?.type === ChannelType.DM
        ? `[DM with @${this.names.user(channel.recipientId ?? '') ?? '?'}] `
        : `[#${channel?.name ?? message.channel_id}] `;
    const files = message.attachments.map(
      (attachment) => `📎 ${attachment.filename}${this.save(message, attachment.id)}`,
    );
    const text = [renderMessage(message, this.names), ...files].join('\n      ');
    console.log(`${here ? '' : where}${text}`);
  }

  /** Saves an attachment where the user can open it (an image the bot drew, a transcript); returns where. */
  private save(message: APIMessage, attachmentId: string): string {
    const file = this.emu.world.findMessage(message.id)?.files.get(attachmentId);
    const attachment = message.attachments.find((candidate) => candidate.id === attachmentId);
    if (!file || !attachment) return '';
    mkdirSync(this.filesDir, { recursive: true });
    const path = join(this.filesDir, `${attachment.id}-${attachment.filename.replace(/[^\w.-]/g, '_')}`);
    writeFileSync(path, file.data);
    const shown = relative(process.cwd(), path);
    return ` saved to ${shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path}`;
  }

  private read(prompt: string): Promise<string | undefined> {
    const queued = this.queue.shift();
    if (queued !== undefined) {
      process.stdout.write(`${prompt}${queued}\n`);
      return Promise.resolve(queued);
    }
    if (this.closed) return Promise.resolve(undefined);
    process.stdout.write(prompt);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private get names() {
    return this.actions.names;
  }
}

/** Gives the bot a moment to answer before the next prompt, so replies print above it. */
async function settle(): Promise<void> {
  await sleep(400);
}

/** Enables every plugin (dependencies first) and points the guild's settings at the demo channels and roles. */
export async function configureDemoGuild(world: DemoWorld): Promise<void> {
  const { guildSettings, plugins, client } = container;
  // The bot sets its demo server up itself: recorded as the bot's change.
  const actor: SettingsActor = { userId: client.user!.id, source: 'system' };
  await guildSettings.updateConfig(
    world.guildId,
    world.guildName,
    {
      adminRoleId: world.roles.admin,
      modRoleId: world.roles.moderator,
      supportRoleId: world.roles.support,
      modLogChannelId: world.channels.get('mod-log')!,
      logChannelId: world.channels.get('mod-log')!,
      ticketLogChannelId: world.channels.get('mod-log')!,
      welcomeChannelId: world.channels.get('general')!,
      supportCategoryId: world.supportCategoryId,
    },
    actor,
  );
  for (const plugin of plugins.all) {
    if (!(await guildSettings.isEnabled(world.guildId, plugin.name))) {
      await guildSettings.enablePlugin(world.guildId, plugin.name, actor);
    }
  }
}
