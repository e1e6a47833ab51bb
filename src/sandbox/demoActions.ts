import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  MessageFlags,
  type APIApplicationCommand,
  type APIApplicationCommandOptionChoice,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { Actor, ChannelRecord, Emulator, InteractionHandle } from '../../emulator';
import { expandMentions, optionValue, resolveSlash, type ValueNames } from './commandLine';
import type { DemoWorld } from './demoWorld';
import type { NameLookup } from './render';

/** Option types whose value is a member, role or channel id. */
const MENTIONABLE = new Set<ApplicationCommandOptionType>([
  ApplicationCommandOptionType.User,
  ApplicationCommandOptionType.Role,
  ApplicationCommandOptionType.Mentionable,
  ApplicationCommandOptionType.Channel,
]);

/** A form the bot answered with, and the interaction to submit it on. */
export interface ShownModal {
  handle: InteractionHandle;
  modal: APIModalInteractionResponseCallbackData;
}

/**
 * What a person does in the demo server, by member name: the one set of actions the terminal sandbox and the
 * browser playground both use, each through the emulator's actors like a Discord client would.
 */
export class DemoActions {
  public constructor(
    public readonly emu: Emulator,
    public readonly world: DemoWorld,
  ) {}

  public get memberNames(): string[] {
    return [...this.world.members.keys()];
  }

  /** The actor for a demo member's name; a clear error naming the members otherwise. */
  public actor(member: string): Actor {
    const userId = this.world.members.get(member);
    if (!userId) throw new Error(`No such member. Try: ${this.memberNames.join(', ')}`);
    return this.emu.actor(userId);
  }

  /** The guild's text channels and threads the member can see, in Discord's order. */
  public visibleChannels(member: string): ChannelRecord[] {
    return this.actor(member).visibleChannels(this.world.guildId);
  }

  /** Slash commands the bot registered: global ones and the demo guild's. */
  public commands(): APIApplicationCommand[] {
    return [...this.emu.world.commands(), ...this.emu.world.commands(this.world.guildId)];
  }

  /** Sends a message; `@member` and `#channel` become mentions, as Discord's client makes them when picked. */
  public say(member: string, channelId: string, text: string): Promise<APIMessage> {
    return this.actor(member).say(channelId, expandMentions(text, this.valueNames));
  }

  /**
   * Runs a typed slash command line (`ticket open Printer broken`, `pay @moderator 10`, `plugins config
   * plugin:welcome`); resolves with the interaction and the words left over for a form that follows.
   */
  public async slash(
    member: string,
    channelId: string,
    text: string,
  ): Promise<{ handle: InteractionHandle; leftover?: string }> {
    const slash = resolveSlash(text, this.commands());
    const options = Object.fromEntries(
      slash.definitions
        .filter((definition) => definition.name in slash.options)
        .map((definition) => [
          definition.name,
          optionValue(definition, slash.options[definition.name]!, this.valueNames),
        ]),
    );
    const handle = await this.actor(member).slash(channelId, slash.command, {
      group: slash.group,
      subcommand: slash.subcommand,
      options,
    });
    return { handle, leftover: slash.leftover };
  }

  /**
   * Asks the bot for its suggestions while `focused` is typed in a command line (`permissions grant permission:MOD`);
   * none when that option does not autocomplete. Other options go along as far as they are valid yet.
   */
  public async autocomplete(
    member: string,
    channelId: string,
    text: string,
    focused: string,
  ): Promise<APIApplicationCommandOptionChoice[]> {
    const slash = resolveSlash(text, this.commands());
    const definition = slash.definitions.find((candidate) => candidate.name === focused);
    if (!definition || !('autocomplete' in definition) || !definition.autocomplete) return [];
    const options: Record<string, string | number | boolean> = { [focused]: slash.options[focused] ?? '' };
    for (const other of slash.definitions) {
      const raw = slash.options[other.name];
      if (other.name === focused || raw === undefined) continue;
      try {
        const value = optionValue(other, raw, this.valueNames);
        // A member, role or channel goes along once its name is complete (it became an id).
        if (!MENTIONABLE.has(other.type) || /^\d+$/.test(String(value))) options[other.name] = value;
      } catch {
        // Half-typed: left out, as Discord's client leaves out an option that is not valid yet.
      }
    }
    return this.actor(member).autocomplete(channelId, slash.command, {
      group: slash.group,
      subcommand: slash.subcommand,
      options,
      focused,
    });
  }

  public click(member: string, message: APIMessage, customId: string): Promise<InteractionHandle> {
    return this.actor(member).clickButton(message, customId);
  }

  public select(member: string, message: APIMessage, customId: string, values: string[]): Promise<InteractionHandle> {
    return this.actor(member).selectMenu(message, customId, values);
  }

  public submitModal(member: string, shown: ShownModal, fields: Record<string, string>): Promise<InteractionHandle> {
    return this.actor(member).submitModal(shown.handle, shown.modal.custom_id, fields);
  }

  /** Waits for the bot's first answer to an interaction: the form it showed, or undefined for anything else. */
  public async modalOf(handle: InteractionHandle): Promise<ShownModal | undefined> {
    const response = await handle.response(3000).catch(() => undefined);
    return response?.type === InteractionResponseType.Modal ? { handle, modal: response.data } : undefined;
  }

  /** (Re)joins the server, the admin lifting a ban first; returns what happened, one line each. */
  public async join(member: string): Promise<string[]> {
    const { world, emu } = this;
    const actor = this.actor(member);
    if (emu.world.member(world.guildId, actor.userId)) return [`${member} is already on ${world.guildName}`];
    const lines: string[] = [];
    if (emu.world.bans(world.guildId).some((ban) => ban.userId === actor.userId)) {
      await this.actor('admin').unban(world.guildId, actor.userId, 'Rejoining in the sandbox');
      lines.push(`admin lifted the ban on ${member}`);
    }
    await actor.joinGuild(world.guildId);
    return [...lines, `${member} joined ${world.guildName}`];
  }

  public async leave(member: string): Promise<string> {
    await this.actor(member).leaveGuild(this.world.guildId);
    return `${member} left ${this.world.guildName}`;
  }

  /** Whether the member sees this message: ephemeral answers only to whoever used the interaction. */
  public sees(member: string, message: APIMessage): boolean {
    const hidden = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    return !hidden || message.interaction_metadata?.user.id === this.world.members.get(member);
  }

  /** Names for mentions, from the emulator's world as it is now (channels the bot created included). */
  public readonly names: NameLookup = {
    user: (id) => (id === this.emu.botUserId ? 'bot' : this.emu.world.users.get(id)?.username),
    channel: (id) => this.emu.world.channel(id)?.name,
    role: (id) => this.emu.world.roles(this.world.guildId).find((role) => role.id === id)?.name,
  };

  /** Ids for the names typed in options and messages. */
  public readonly valueNames: ValueNames = {
    member: (name) =>
      this.world.members.get(name.toLowerCase()) ??
      [...this.emu.world.users.values()].find((user) => user.username.toLowerCase() === name.toLowerCase())?.id,
    channel: (name) =>
      this.emu.world
        .guildChannels(this.world.guildId)
        .find((channel) => channel.name?.toLowerCase() === name.toLowerCase())?.id,
    role: (name) =>
      this.emu.world.roles(this.world.guildId).find((role) => role.name.toLowerCase() === name.toLowerCase())?.id,
  };
}
