import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  OverwriteType,
  PermissionFlagsBits,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandOptionChoice,
  type APIAttachment,
  type APIChatInputApplicationCommandInteractionData,
  type APIInteractionDataResolved,
  type APIMessage,
  type APIMessageComponentInteractionData,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmission,
  type APIModalSubmissionComponent,
  type APIRole,
  type APIUser,
  type ModalSubmitComponent,
} from 'discord-api-types/v10';
import type { EmulatorCore } from './core';
import {
  createChannel,
  deleteChannel,
  editChannel,
  openDm,
  putOverwrite,
  startThread,
  type ChannelEdit,
  type ChannelInput,
} from './ops/channels';
import { findCommand } from './ops/commands';
import {
  addMember,
  banUser,
  createRole,
  deleteRole,
  editRole,
  kickMember,
  modifyMember,
  removeMember,
  setMemberRole,
  unbanUser,
  type RoleInput,
} from './ops/guilds';
import { dispatchInteraction, type InteractionInput } from './ops/interactions';
import {
  addReaction,
  bulkDeleteMessages,
  createMessage,
  deleteMessage,
  editMessage,
  removeReaction,
  type MessageBody,
  type UploadedFile,
} from './ops/messages';
import { interactionMemberPayload, resolvedChannelPayload } from './payloads';
import { setMemberAvatar, updateUser, type UserEdit } from './ops/users';
import { setOwnVoiceState } from './ops/voice';
import { channelPermissions } from './permissions';
import type { ChannelRecord, InteractionRecord, MessageRecord, World } from './world';

const DEFAULT_TIMEOUT_MS = 5000;

/** A value for a slash command option: ids for users, channels, roles and mentionables; a file for attachments. */
export type OptionValue = string | number | boolean | AttachmentInput;

export interface SlashOptions {
  subcommand?: string;
  group?: string;
  options?: Record<string, OptionValue>;
}

export interface AttachmentInput {
  name: string;
  data: Buffer | string;
  contentType?: string;
}

type MessageRef = APIMessage | string;

/** What actors use of the emulator (the Emulator class has it; named here so actor.ts needs no import of it). */
export interface ActorHost {
  readonly core: EmulatorCore;
  readonly world: World;
  /** Called before acting, so waits that follow see everything the action caused. */
  markAction(): void;
  waitFor<T>(
    check: () => T | undefined,
    events: ('message' | 'messageUpdate' | 'request' | 'interactionUpdate')[],
    timeoutMs: number,
    description: string,
  ): Promise<T>;
}

/** Acts as one user: everything goes through the same checks and gateway events as the bot's REST calls. */
export class Actor {
  constructor(
    private readonly emulator: ActorHost,
    readonly userId: string,
  ) {}

  private get core() {
    return this.emulator.core;
  }

  get user(): APIUser {
    return this.core.requireUser(this.userId);
  }

  /** Sends a message (MESSAGE_CREATE to the bot). */
  async say(
    channelId: string,
    content: string,
    options: { attachments?: AttachmentInput[]; replyTo?: string; embeds?: MessageBody['embeds'] } = {},
  ): Promise<APIMessage> {
    this.emulator.markAction();
    const files: UploadedFile[] = (options.attachments ?? []).map((attachment, index) => ({
      index,
      name: attachment.name,
      contentType: attachment.contentType ?? 'application/octet-stream',
      data: Buffer.isBuffer(attachment.data) ? attachment.data : Buffer.from(attachment.data),
    }));
    const body: MessageBody = {
      content,
      embeds: options.embeds,
      message_reference: options.replyTo ? { message_id: options.replyTo, channel_id: channelId } : undefined,
    };
    return createMessage(this.core, channelId, body, { authorId: this.userId, files }).message;
  }

  /** Sends a DM to the bot. */
  async dm(content: string): Promise<APIMessage> {
    return this.say(this.dmChannelId(), content);
  }

  /** The id of this user's DM channel with the bot (opened if there is none yet). */
  dmChannelId(): string {
    return openDm(this.core, this.userId).id;
  }

  /** The guild's text channels and threads this user can see (ViewChannel), as Discord's channel list shows them. */
  visibleChannels(guildId: string): ChannelRecord[] {
    const guild = this.core.requireGuild(guildId);
    if (!guild.members.has(this.userId)) return [];
    return this.core.world
      .guildChannels(guildId)
      .filter(
        (channel) =>
          channel.type !== ChannelType.GuildCategory &&
          (channelPermissions(this.core.world, guild, channel, this.userId) & PermissionFlagsBits.ViewChannel) !== 0n,
      );
  }

  async edit(message: MessageRef, content: string): Promise<APIMessage> {
    this.emulator.markAction();
    const record = this.findMessage(message);
    return editMessage(this.core, record.message.channel_id, record.message.id, this.userId, { content }).message;
  }

  /** Deletes a message: the actor's own, or another's with ManageMessages (audit-logged with the actor). */
  async delete(message: MessageRef, reason?: string): Promise<void> {
    this.emulator.markAction();
    const record = this.findMessage(message);
    deleteMessage(this.core, record.message.channel_id, record.message.id, this.userId, reason);
  }

  async react(message: MessageRef, emoji: string): Promise<void> {
    this.emulator.markAction();
    const record = this.findMessage(message);
    addReaction(this.core, record.message.channel_id, record.message.id, this.userId, emoji);
  }

  async unreact(message: MessageRef, emoji: string): Promise<void> {
    this.emulator.markAction();
    const record = this.findMessage(message);
    removeReaction(this.core, record.message.channel_id, record.message.id, this.userId, this.userId, emoji);
  }

  async joinGuild(guildId: string): Promise<void> {
    this.emulator.markAction();
    addMember(this.core, guildId, this.userId);
  }

  async leaveGuild(guildId: string): Promise<void> {
    this.emulator.markAction();
    removeMember(this.core, this.core.requireGuild(guildId), this.userId);
  }

  // Moderation as this member (checked like the bot's, recorded in the audit log with the actor as executor).

  async ban(guildId: string, userId: string, options: { reason?: string; deleteMessageSeconds?: number } = {}) {
    this.emulator.markAction();
    banUser(
      this.core,
      guildId,
      userId,
      { delete_message_seconds: options.deleteMessageSeconds },
      { userId: this.userId, reason: options.reason },
    );
  }

  async unban(guildId: string, userId: string, reason?: string): Promise<void> {
    this.emulator.markAction();
    unbanUser(this.core, guildId, userId, { userId: this.userId, reason });
  }

  async kick(guildId: string, userId: string, reason?: string): Promise<void> {
    this.emulator.markAction();
    kickMember(this.core, guildId, userId, { userId: this.userId, reason });
  }

  /** Times a member out until `until` (null lifts it). */
  async timeout(guildId: string, userId: string, until: Date | null, reason?: string): Promise<void> {
    this.emulator.markAction();
    modifyMember(
      this.core,
      guildId,
      userId,
      { communication_disabled_until: until ? until.toISOString() : null },
      { userId: this.userId, reason },
    );
  }

  async addRole(guildId: string, userId: string, roleId: string, reason?: string): Promise<void> {
    this.emulator.markAction();
    setMemberRole(this.core, guildId, userId, roleId, true, { userId: this.userId, reason });
  }

  async removeRole(guildId: string, userId: string, roleId: string, reason?: string): Promise<void> {
    this.emulator.markAction();
    setMemberRole(this.core, guildId, userId, roleId, false, { userId: this.userId, reason });
  }

  /** Sets a member's nickname (their own, or another's with ManageNicknames); null clears it. */
  async setNickname(guildId: string, userId: string, nick: string | null, reason?: string): Promise<void> {
    this.emulator.markAction();
    modifyMember(this.core, guildId, userId, { nick }, { userId: this.userId, reason });
  }

  /** Changes this user's profile: name, display name or avatar hash (GUILD_MEMBER_UPDATE in shared guilds). */
  async updateProfile(edit: UserEdit): Promise<void> {
    this.emulator.markAction();
    updateUser(this.core, this.userId, edit);
  }

  /** Sets (null removes) this member's avatar for one server. */
  async setServerAvatar(guildId: string, avatar: string | null): Promise<void> {
    this.emulator.markAction();
    setMemberAvatar(this.core, guildId, this.userId, avatar);
  }

  // Server management as this member (ManageChannels, ManageRoles, ManageThreads; audit-logged with the actor).

  async createChannel(guildId: string, input: ChannelInput, reason?: string): Promise<ChannelRecord> {
    this.emulator.markAction();
    return createChannel(this.core, guildId, input, { userId: this.userId, reason });
  }

  /** Edits a channel or thread: name, topic, slowmode, NSFW, overwrites; archive or lock a thread. */
  async editChannel(channelId: string, edit: ChannelEdit, reason?: string): Promise<void> {
    this.emulator.markAction();
    editChannel(this.core, channelId, edit, { userId: this.userId, reason });
  }

  /** Deletes a channel or thread. */
  async deleteChannel(channelId: string, reason?: string): Promise<void> {
    this.emulator.markAction();
    deleteChannel(this.core, channelId, { userId: this.userId, reason });
  }

  /** Creates or replaces one permission overwrite of a channel. */
  async setOverwrite(
    channelId: string,
    overwrite: { id: string; type: 'role' | 'member'; allow?: bigint; deny?: bigint },
    reason?: string,
  ): Promise<void> {
    this.emulator.markAction();
    putOverwrite(
      this.core,
      channelId,
      {
        id: overwrite.id,
        type: overwrite.type === 'role' ? OverwriteType.Role : OverwriteType.Member,
        allow: (overwrite.allow ?? 0n).toString(),
        deny: (overwrite.deny ?? 0n).toString(),
      },
      { userId: this.userId, reason },
    );
  }

  async createRole(guildId: string, input: RoleInput, reason?: string): Promise<APIRole> {
    this.emulator.markAction();
    return createRole(this.core, guildId, input, { userId: this.userId, reason });
  }

  async editRole(guildId: string, roleId: string, input: RoleInput, reason?: string): Promise<APIRole> {
    this.emulator.markAction();
    return editRole(this.core, guildId, roleId, input, { userId: this.userId, reason });
  }

  async deleteRole(guildId: string, roleId: string, reason?: string): Promise<void> {
    this.emulator.markAction();
    deleteRole(this.core, guildId, roleId, { userId: this.userId, reason });
  }

  /** Starts a thread in a channel (from a message when `messageId` is given). */
  async startThread(channelId: string, name: string, messageId?: string): Promise<string> {
    this.emulator.markAction();
    return startThread(
      this.core,
      channelId,
      { name, type: ChannelType.PublicThread },
      { userId: this.userId },
      messageId,
    ).id;
  }

  /** Deletes several messages at once (ManageMessages): MESSAGE_DELETE_BULK. */
  async bulkDelete(channelId: string, messages: MessageRef[], reason?: string): Promise<void> {
    this.emulator.markAction();
    const ids = messages.map((message) => (typeof message === 'string' ? message : message.id));
    bulkDeleteMessages(this.core, channelId, ids, this.userId, reason);
  }

  // Voice ---------------------------------------------------------------------------------------------------------

  /** Joins (or switches to) a voice channel with this member's own client. */
  async joinVoice(guildId: string, channelId: string): Promise<void> {
    this.emulator.markAction();
    setOwnVoiceState(this.core, guildId, this.userId, { channelId });
  }

  async leaveVoice(guildId: string): Promise<void> {
    this.emulator.markAction();
    setOwnVoiceState(this.core, guildId, this.userId, { channelId: null });
  }

  /** Server-mutes or -deafens a member in voice (MuteMembers / DeafenMembers). */
  async voiceModerate(
    guildId: string,
    userId: string,
    edit: { mute?: boolean; deaf?: boolean },
    reason?: string,
  ): Promise<void> {
    this.emulator.markAction();
    modifyMember(this.core, guildId, userId, edit, { userId: this.userId, reason });
  }

  /** Moves a member to another voice channel, or disconnects them with null (MoveMembers). */
  async moveVoice(guildId: string, userId: string, channelId: string | null, reason?: string): Promise<void> {
    this.emulator.markAction();
    modifyMember(this.core, guildId, userId, { channel_id: channelId }, { userId: this.userId, reason });
  }

  // Interactions --------------------------------------------------------------------------------------------------

  /**
   * Runs a slash command the bot registered (guild commands first, then global), with options typed from its
   * definition. Throws if the command, subcommand or an option does not exist, or a required one is missing.
   */
  async slash(channelId: string, command: string, options: SlashOptions = {}): Promise<InteractionHandle> {
    this.emulator.markAction();
    const data = this.commandData(channelId, command, options);
    return this.interact({
      type: InteractionType.ApplicationCommand,
      userId: this.userId,
      channelId,
      data,
      commandName: command,
    });
  }

  /** Asks the bot for autocomplete choices while typing `focused`; resolves with the choices it returned. */
  async autocomplete(
    channelId: string,
    command: string,
    options: SlashOptions & { focused: string },
  ): Promise<APIApplicationCommandOptionChoice[]> {
    this.emulator.markAction();
    const data = this.commandData(channelId, command, options, options.focused);
    const handle = this.interact({
      type: InteractionType.ApplicationCommandAutocomplete,
      userId: this.userId,
      channelId,
      data,
      commandName: command,
    });
    const response = await handle.response();
    if (response.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) {
      throw new Error(`emulator: the bot answered autocomplete with callback type ${response.type}, not 8`);
    }
    return (response.data as { choices?: APIApplicationCommandOptionChoice[] }).choices ?? [];
  }

  /** Clicks a button (by custom id) on a message; throws if there is no such enabled button. */
  async clickButton(message: MessageRef, customId: string): Promise<InteractionHandle> {
    this.emulator.markAction();
    const record = this.findMessage(message);
    const component = findComponent(record.message, customId);
    if (!component || component.type !== ComponentType.Button) {
      throw new Error(`emulator: message ${record.message.id} has no button with custom_id "${customId}"`);
    }
    if (component.disabled) throw new Error(`emulator: button "${customId}" is disabled`);
    const data: APIMessageComponentInteractionData = { custom_id: customId, component_type: ComponentType.Button };
    return this.interact({
      type: InteractionType.MessageComponent,
      userId: this.userId,
      channelId: record.message.channel_id,
      data,
      sourceMessage: record,
    });
  }

  /** Picks values in a select menu; for user/role/channel/mentionable selects the values are ids. */
  async selectMenu(message: MessageRef, customId: string, values: string[]): Promise<InteractionHandle> {
    this.emulator.markAction();
    const record = this.findMessage(message);
    const component = findComponent(record.message, customId);
    const selectTypes = [
      ComponentType.StringSelect,
      ComponentType.UserSelect,
      ComponentType.RoleSelect,
      ComponentType.MentionableSelect,
      ComponentType.ChannelSelect,
    ];
    if (!component || !selectTypes.includes(component.type)) {
      throw new Error(`emulator: message ${record.message.id} has no select menu with custom_id "${customId}"`);
    }
    if (component.disabled) throw new Error(`emulator: select menu "${customId}" is disabled`);
    const min = component.min_values ?? 1;
    const max = component.max_values ?? 1;
    if (values.length < min || values.length > max) {
      throw new Error(`emulator: select menu "${customId}" takes ${min}–${max} values, got ${values.length}`);
    }
    if (component.type === ComponentType.StringSelect) {
      const allowed = (component.options ?? []).map((option) => option.value);
      const unknown = values.filter((value) => !allowed.includes(value));
      if (unknown.length) throw new Error(`emulator: "${unknown.join(', ')}" not among ${allowed.join(', ')}`);
    }
    const guildId = this.core.requireChannel(record.message.channel_id).guildId;
    const resolved = component.type === ComponentType.StringSelect ? undefined : this.resolveIds(values, guildId);
    const data = {
      custom_id: customId,
      component_type: component.type,
      values,
      resolved,
    } as APIMessageComponentInteractionData; // The union is keyed by component_type, set from the real component.
    return this.interact({
      type: InteractionType.MessageComponent,
      userId: this.userId,
      channelId: record.message.channel_id,
      data,
      sourceMessage: record,
    });
  }

  /**
   * Submits a modal. Pass the handle whose response was the modal (its fields are checked and mirrored),
   * or a channel id to submit text inputs without a shown modal.
   */
  async submitModal(
    source: InteractionHandle | string,
    customId: string,
    fields: Record<string, string | string[]>,
  ): Promise<InteractionHandle> {
    this.emulator.markAction();
    let channelId: string;
    let components: APIModalSubmissionComponent[];
    let sourceMessage: MessageRecord | undefined;
    if (typeof source === 'string') {
      channelId = source;
      components = Object.entries(fields).map(([fieldId, value]) => ({
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.TextInput, custom_id: fieldId, value: [value].flat().join(',') }],
      }));
    } else {
      const modal = source.shownModal();
      if (modal.custom_id !== customId) {
        throw new Error(`emulator: the modal shown has custom_id "${modal.custom_id}", not "${customId}"`);
      }
      channelId = source.channelId;
      components = mirrorModal(modal, fields);
      sourceMessage = source.sourceMessageId ? this.findMessage(source.sourceMessageId) : undefined;
    }
    const data: APIModalSubmission = { custom_id: customId, components };
    return this.interact({ type: InteractionType.ModalSubmit, userId: this.userId, channelId, data, sourceMessage });
  }

  private interact(input: InteractionInput): InteractionHandle {
    return new InteractionHandle(this.emulator, dispatchInteraction(this.core, input));
  }

  private findMessage(message: MessageRef): MessageRecord {
    const id = typeof message === 'string' ? message : message.id;
    const record = this.core.world.findMessage(id);
    if (!record) throw new Error(`emulator: no message ${id}`);
    return record;
  }

  private commandData(
    channelId: string,
    name: string,
    options: SlashOptions,
    focused?: string,
  ): APIChatInputApplicationCommandInteractionData {
    const channel = this.core.requireChannel(channelId);
    const command = findCommand(this.core, name, channel.guildId);
    if (!command) {
      const known = [
        ...this.core.world.commands(),
        ...(channel.guildId ? this.core.world.commands(channel.guildId) : []),
      ].map((registered) => registered.name);
      throw new Error(
        `emulator: the bot has not registered a slash command "${name}" (registered: ${known.join(', ') || 'none'})`,
      );
    }
    const resolved: APIInteractionDataResolved = {};
    const leafDefinitions = this.leafOptions(command, options);
    const leaf = this.buildOptions(leafDefinitions, options.options ?? {}, resolved, channel.guildId, focused);
    let top: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[] = leaf;
    if (options.subcommand) {
      top = [{ type: ApplicationCommandOptionType.Subcommand, name: options.subcommand, options: leaf }];
      if (options.group) {
        top = [
          {
            type: ApplicationCommandOptionType.SubcommandGroup,
            name: options.group,
            options: top as never, // A group holds exactly the subcommand option built above.
          },
        ];
      }
    }
    return {
      id: command.id,
      name: command.name,
      type: ApplicationCommandType.ChatInput,
      guild_id: command.guild_id,
      options: top,
      resolved: Object.keys(resolved).length > 0 ? resolved : undefined,
    };
  }

  /** The option definitions of the subcommand (or command) being run. */
  private leafOptions(command: APIApplicationCommand, options: SlashOptions): APIApplicationCommandOption[] {
    const all = command.options ?? [];
    const hasSubcommands = all.some(
      (option) =>
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (!hasSubcommands) {
      if (options.subcommand) throw new Error(`emulator: /${command.name} has no subcommands`);
      return all;
    }
    let container: APIApplicationCommandOption[] = all;
    let path = `/${command.name}`;
    if (options.group) {
      const group = all.find(
        (option) => option.type === ApplicationCommandOptionType.SubcommandGroup && option.name === options.group,
      );
      if (!group || group.type !== ApplicationCommandOptionType.SubcommandGroup) {
        throw new Error(`emulator: ${path} has no subcommand group "${options.group}"`);
      }
      container = group.options ?? [];
      path += ` ${group.name}`;
    }
    const names = container.map((option) => option.name).join(', ');
    if (!options.subcommand) throw new Error(`emulator: ${path} needs a subcommand (one of: ${names})`);
    const subcommand = container.find(
      (option) => option.type === ApplicationCommandOptionType.Subcommand && option.name === options.subcommand,
    );
    if (!subcommand || subcommand.type !== ApplicationCommandOptionType.Subcommand) {
      throw new Error(`emulator: ${path} has no subcommand "${options.subcommand}" (one of: ${names})`);
    }
    return subcommand.options ?? [];
  }

  private buildOptions(
    definitions: APIApplicationCommandOption[],
    values: Record<string, OptionValue>,
    resolved: APIInteractionDataResolved,
    guildId: string | undefined,
    focused?: string,
  ): APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommand>[] {
    for (const name of Object.keys(values)) {
      if (!definitions.some((definition) => definition.name === name)) {
        const known = definitions.map((definition) => definition.name).join(', ') || 'none';
        throw new Error(`emulator: unknown option "${name}" (options: ${known})`);
      }
    }
    const built: APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommand>[] = [];
    for (const definition of definitions) {
      const value = values[definition.name];
      if (value === undefined) {
        if ('required' in definition && definition.required && focused === undefined) {
          throw new Error(`emulator: option "${definition.name}" is required`);
        }
        continue;
      }
      const isFocused = definition.name === focused;
      built.push(this.buildOption(definition, value, resolved, guildId, isFocused));
    }
    return built;
  }

  private buildOption(
    definition: APIApplicationCommandOption,
    value: OptionValue,
    resolved: APIInteractionDataResolved,
    guildId: string | undefined,
    focused: boolean,
  ): APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommand> {
    const name = definition.name;
    const fail = (why: string) => new Error(`emulator: option "${name}" ${why}`);
    if (focused) {
      // While typing, Discord sends the partial input as a string whatever the option type.
      return { type: definition.type, name, value: String(value), focused: true } as never;
    }
    if (definition.type === ApplicationCommandOptionType.Attachment) {
      if (typeof value !== 'object') throw fail(`needs a file ({ name, data }), got ${JSON.stringify(value)}`);
      const attachment = this.uploadOptionFile(value);
      resolved.attachments = { ...resolved.attachments, [attachment.id]: attachment };
      return { type: definition.type, name, value: attachment.id };
    }
    if (typeof value === 'object') throw fail('takes a string, number or boolean, not a file');
    switch (definition.type) {
      case ApplicationCommandOptionType.String: {
        const text = String(value);
        checkChoices(definition.choices, text, fail);
        if (definition.min_length !== undefined && text.length < definition.min_length) throw fail('is too short');
        if (definition.max_length !== undefined && text.length > definition.max_length) throw fail('is too long');
        return { type: definition.type, name, value: text };
      }
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number: {
        const number = Number(value);
        if (Number.isNaN(number)) throw fail(`needs a number, got ${JSON.stringify(value)}`);
        if (definition.type === ApplicationCommandOptionType.Integer && !Number.isInteger(number)) {
          throw fail(`needs an integer, got ${number}`);
        }
        checkChoices(definition.choices, number, fail);
        if (definition.min_value !== undefined && number < definition.min_value)
          throw fail(`is below ${definition.min_value}`);
        if (definition.max_value !== undefined && number > definition.max_value)
          throw fail(`is above ${definition.max_value}`);
        return { type: definition.type, name, value: number };
      }
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') throw fail(`needs a boolean, got ${JSON.stringify(value)}`);
        return { type: definition.type, name, value };
      case ApplicationCommandOptionType.User:
        this.resolveUser(String(value), resolved, guildId, fail);
        return { type: definition.type, name, value: String(value) };
      case ApplicationCommandOptionType.Role:
        this.resolveRole(String(value), resolved, guildId, fail);
        return { type: definition.type, name, value: String(value) };
      case ApplicationCommandOptionType.Mentionable:
        if (this.core.world.users.has(String(value))) this.resolveUser(String(value), resolved, guildId, fail);
        else this.resolveRole(String(value), resolved, guildId, fail);
        return { type: definition.type, name, value: String(value) };
      case ApplicationCommandOptionType.Channel: {
        const channel = this.core.world.channel(String(value));
        if (!channel || (channel.guildId ?? undefined) !== guildId) throw fail(`: no channel ${value} in this guild`);
        if (definition.channel_types && !definition.channel_types.includes(channel.type as never)) {
          throw fail(`does not accept channels of type ${ChannelType[channel.type]}`);
        }
        const guild = this.core.requireGuild(channel.guildId ?? '');
        resolved.channels = {
          ...resolved.channels,
          [channel.id]: resolvedChannelPayload(this.core.world, guild, channel, this.userId),
        };
        return { type: definition.type, name, value: channel.id };
      }
      default:
        throw fail(`has type ${ApplicationCommandOptionType[definition.type]}, which the emulator cannot send`);
    }
  }

  private resolveUser(
    userId: string,
    resolved: APIInteractionDataResolved,
    guildId: string | undefined,
    fail: (why: string) => Error,
  ): void {
    const user = this.core.world.users.get(userId);
    if (!user) throw fail(`: no user ${userId}`);
    resolved.users = { ...resolved.users, [user.id]: user };
    const guild = guildId ? this.core.requireGuild(guildId) : undefined;
    const member = guild?.members.get(userId);
    if (guild && member) {
      const {
        user: _user,
        deaf: _deaf,
        mute: _mute,
        ...partial
      } = interactionMemberPayload(this.core.world, guild, member);
      resolved.members = { ...resolved.members, [user.id]: partial };
    }
  }

  private resolveRole(
    roleId: string,
    resolved: APIInteractionDataResolved,
    guildId: string | undefined,
    fail: (why: string) => Error,
  ): void {
    const role: APIRole | undefined = guildId ? this.core.requireGuild(guildId).roles.get(roleId) : undefined;
    if (!role) throw fail(`: no role ${roleId} in this guild`);
    resolved.roles = { ...resolved.roles, [role.id]: role };
  }

  /**
   * Stores a file as Discord does for an attachment option (uploaded before the command is sent, tied to no
   * message) and describes it for `resolved.attachments`; its bytes are served at the attachment's `url`.
   */
  private uploadOptionFile(input: AttachmentInput): APIAttachment {
    const id = this.core.snowflake();
    const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data);
    const contentType = input.contentType ?? 'application/octet-stream';
    this.core.world.optionFiles.set(id, { data, contentType });
    const url = `${this.core.baseUrl}/ephemeral-attachments/${this.core.config.applicationId}/${id}/${encodeURIComponent(input.name)}`;
    return {
      id,
      filename: input.name,
      content_type: contentType,
      size: data.length,
      url,
      proxy_url: url,
      ephemeral: true,
    };
  }

  /** Resolved data for select menus holding user, role or channel ids. */
  private resolveIds(values: string[], guildId: string | undefined): APIInteractionDataResolved {
    const resolved: APIInteractionDataResolved = {};
    const fail = (why: string) => new Error(`emulator: select value${why}`);
    for (const value of values) {
      const channel = this.core.world.channel(value);
      if (this.core.world.users.has(value)) this.resolveUser(value, resolved, guildId, fail);
      else if (channel?.guildId) {
        const guild = this.core.requireGuild(channel.guildId);
        resolved.channels = {
          ...resolved.channels,
          [value]: resolvedChannelPayload(this.core.world, guild, channel, this.userId),
        };
      } else this.resolveRole(value, resolved, guildId, fail);
    }
    return resolved;
  }
}

function checkChoices(
  choices: APIApplicationCommandOptionChoice[] | undefined,
  value: string | number,
  fail: (why: string) => Error,
): void {
  if (choices && choices.length > 0 && !choices.some((choice) => choice.value === value)) {
    throw fail(`must be one of ${choices.map((choice) => JSON.stringify(choice.value)).join(', ')}`);
  }
}

/** Any component with a custom_id, searched through action rows, containers, sections and accessories. */
interface FoundComponent {
  type: ComponentType;
  custom_id?: string;
  disabled?: boolean;
  min_values?: number;
  max_values?: number;
  options?: { value: string }[];
}

function findComponent(message: APIMessage, customId: string): FoundComponent | undefined {
  const visit = (node: unknown): FoundComponent | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const component = node as FoundComponent & { components?: unknown[]; accessory?: unknown; component?: unknown };
    if (component.custom_id === customId) return component;
    for (const child of [...(component.components ?? []), component.accessory, component.component]) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  for (const component of message.components ?? []) {
    const found = visit(component);
    if (found) return found;
  }
  return undefined;
}

/** Builds a modal submission shaped like the modal (action rows or labels), checking every field exists. */
function mirrorModal(
  modal: APIModalInteractionResponseCallbackData,
  fields: Record<string, string | string[]>,
): APIModalSubmissionComponent[] {
  const used = new Set<string>();
  const submit = (input: {
    type: ComponentType;
    custom_id?: string;
    required?: boolean;
    id?: number;
  }): ModalSubmitComponent => {
    const customId = input.custom_id ?? '';
    const value = fields[customId];
    if (value === undefined && input.required !== false && input.type === ComponentType.TextInput) {
      throw new Error(`emulator: modal field "${customId}" is required`);
    }
    used.add(customId);
    if (input.type === ComponentType.TextInput) {
      const text = [value ?? ''].flat().join(',');
      return { type: ComponentType.TextInput, id: input.id ?? 0, custom_id: customId, value: text };
    }
    return {
      type: input.type,
      id: input.id ?? 0,
      custom_id: customId,
      values: [value ?? []].flat(),
    } as ModalSubmitComponent;
  };
  const components: APIModalSubmissionComponent[] = [];
  for (const top of modal.components) {
    if (top.type === ComponentType.ActionRow) {
      components.push({
        type: ComponentType.ActionRow,
        id: top.id,
        components: top.components.map((input) => submit(input) as never), // Action rows in modals hold text inputs.
      });
    } else if (top.type === ComponentType.Label) {
      components.push({ type: ComponentType.Label, id: top.id, component: submit(top.component) });
    } else {
      components.push({ type: ComponentType.TextDisplay, id: top.id });
    }
  }
  const unknown = Object.keys(fields).filter((field) => !used.has(field));
  if (unknown.length > 0) throw new Error(`emulator: the modal has no field "${unknown.join('", "')}"`);
  return components;
}

/** An interaction sent by an actor; its methods wait for the bot's answer. */
export class InteractionHandle {
  constructor(
    private readonly emulator: ActorHost,
    private readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  get token(): string {
    return this.record.token;
  }

  get channelId(): string {
    return this.record.channelId;
  }

  get sourceMessageId(): string | undefined {
    return this.record.sourceMessageId;
  }

  /** The first callback the bot sent (type and data, incl. `flags`). */
  async response(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<NonNullable<InteractionRecord['response']>> {
    return this.emulator.waitFor(
      () => this.record.response,
      ['interactionUpdate'],
      timeoutMs,
      `the bot to answer interaction ${this.record.commandName ?? this.record.id}`,
    );
  }

  /** Whether the answer is only visible to the user (flag 64). */
  get ephemeral(): boolean {
    const original = this.original();
    return ((original?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  }

  /**
   * The visible answer: the original response once it has content, embeds, components or files (after a deferral, once
   * edited); for component interactions answered with an update, the updated message.
   */
  async reply(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<APIMessage> {
    return this.emulator.waitFor(
      () => {
        const response = this.record.response;
        if (!response) return undefined;
        if (response.type === InteractionResponseType.Modal) {
          throw new Error('emulator: the bot answered with a modal; use handle.modal()');
        }
        const original = this.original();
        if (!original || (original.flags ?? 0) & MessageFlags.Loading) return undefined;
        if (response.type === InteractionResponseType.DeferredMessageUpdate) {
          const edited = original.edited_timestamp ? Date.parse(original.edited_timestamp) : 0;
          return edited >= this.record.createdAt ? original : undefined;
        }
        const visible =
          original.content ||
          original.embeds.length > 0 ||
          (original.components?.length ?? 0) > 0 ||
          original.attachments.length > 0;
        return visible ? original : undefined;
      },
      ['interactionUpdate', 'messageUpdate'],
      timeoutMs,
      `the bot's reply to interaction ${this.record.commandName ?? this.record.id}`,
    );
  }

  /** The modal the bot showed (callback type 9). */
  async modal(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<APIModalInteractionResponseCallbackData> {
    const response = await this.response(timeoutMs);
    if (response.type !== InteractionResponseType.Modal) {
      throw new Error(`emulator: expected a modal (callback 9), the bot answered with callback ${response.type}`);
    }
    return response.data;
  }

  /** The modal shown, synchronously (for submitModal); throws if there is none. */
  shownModal(): APIModalInteractionResponseCallbackData {
    const response = this.record.response;
    if (response?.type !== InteractionResponseType.Modal) {
      throw new Error('emulator: this interaction was not answered with a modal (await handle.modal() first)');
    }
    return response.data;
  }

  /** Follow-up messages sent so far, oldest first. */
  get followUps(): APIMessage[] {
    return this.record.followUpMessageIds
      .map((id) => this.emulator.world.message(this.record.channelId, id))
      .filter((message) => message !== undefined);
  }

  /** Waits until the bot has sent at least `count` follow-ups; resolves with all of them. */
  async waitForFollowUps(count = 1, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<APIMessage[]> {
    return this.emulator.waitFor(
      () => (this.record.followUpMessageIds.length >= count ? this.followUps : undefined),
      ['interactionUpdate'],
      timeoutMs,
      `${count} follow-up(s) to interaction ${this.record.commandName ?? this.record.id}`,
    );
  }

  private original(): APIMessage | undefined {
    return this.record.originalMessageId
      ? this.emulator.world.message(this.record.channelId, this.record.originalMessageId)
      : undefined;
  }
}
