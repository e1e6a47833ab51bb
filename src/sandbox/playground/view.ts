import {
  ChannelType,
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type APIApplicationCommand,
  type APIEmbed,
  type APIMessage,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { ChannelRecord } from '../../../emulator';
import type { DemoActions } from '../demoActions';

/** What the page shows of the demo server for one member: the sidebar, the people, the commands, the names. */
export interface StateView {
  guild: { id: string; name: string };
  me: { name: string; id: string; onServer: boolean };
  members: { name: string; id: string; roles: string[]; onServer: boolean }[];
  channels: { id: string; name: string; kind: 'text' | 'thread' | 'dm'; category: string | null }[];
  /** Registered slash commands as the bot sent them: names, descriptions, subcommands and options. */
  commands: Pick<APIApplicationCommand, 'name' | 'description' | 'options'>[];
  /** Names behind mentions: `<@id>`, `<#id>`, `<@&id>`. */
  names: { users: Record<string, string>; channels: Record<string, string>; roles: Record<string, string> };
  dashboardUrl: string | null;
}

export interface AttachmentView {
  id: string;
  filename: string;
  url: string;
  contentType: string;
  size: number;
}

/** A message as the page renders it: Discord's payload trimmed to what is shown, files served by the playground. */
export interface MessageView {
  id: string;
  channelId: string;
  author: { id: string; name: string; bot: boolean };
  content: string;
  embeds: APIEmbed[];
  components: APIMessage['components'];
  attachments: AttachmentView[];
  timestamp: string;
  edited: boolean;
  /** Shown only to this user (an ephemeral answer); null when everyone sees it. */
  onlyFor: string | null;
  /** The bot is still working on it ("is thinking…"). */
  loading: boolean;
  /** What this message answers, as Discord heads it: `member used /ticket`, or `member` for a button or form. */
  answers: { user: string; command: string | null } | null;
}

/** A form the bot showed, as HTML fields. */
export interface ModalView {
  interactionId: string;
  title: string;
  fields: {
    customId: string;
    label: string;
    description: string | null;
    paragraph: boolean;
    required: boolean;
    value: string;
    placeholder: string;
    minLength: number | null;
    maxLength: number | null;
  }[];
}

export function stateView(actions: DemoActions, member: string, dashboardUrl: string | null): StateView {
  const { emu, world } = actions;
  const guild = emu.world.guild(world.guildId)!;
  const roleNames = new Map(emu.world.roles(world.guildId).map((role) => [role.id, role.name]));
  const actor = actions.actor(member);
  const channels: StateView['channels'] = actions.visibleChannels(member).map((channel) => ({
    id: channel.id,
    name: channel.name ?? channel.id,
    kind: isThread(channel) ? 'thread' : 'text',
    category: (channel.parentId && emu.world.channel(channel.parentId)?.name) || null,
  }));
  channels.push({ id: actor.dmChannelId(), name: 'bot', kind: 'dm', category: null });
  const users = Object.fromEntries(
    [...emu.world.users.values()].map((user) => [user.id, actions.names.user(user.id) ?? user.username]),
  );
  return {
    guild: { id: guild.id, name: guild.name },
    me: { name: member, id: actor.userId, onServer: guild.members.has(actor.userId) },
    members: actions.memberNames.map((name) => {
      const id = world.members.get(name)!;
      const record = guild.members.get(id);
      return {
        name,
        id,
        roles: [...new Set(record?.roles ?? [])].map((roleId) => roleNames.get(roleId) ?? roleId),
        onServer: record !== undefined,
      };
    }),
    channels,
    commands: actions.commands().map(({ name, description, options }) => ({ name, description, options })),
    names: {
      users,
      channels: Object.fromEntries(
        emu.world.guildChannels(world.guildId).map((channel) => [channel.id, channel.name ?? '']),
      ),
      roles: Object.fromEntries(roleNames),
    },
    dashboardUrl,
  };
}

export function messageView(actions: DemoActions, message: APIMessage): MessageView {
  const attachments = message.attachments.map((attachment) => ({
    id: attachment.id,
    filename: attachment.filename,
    url: `/files/${message.channel_id}/${attachment.id}/${encodeURIComponent(attachment.filename)}`,
    contentType: fileType(attachment.filename, attachment.content_type),
    size: attachment.size,
  }));
  const flags = message.flags ?? 0;
  const metadata = message.interaction_metadata;
  return {
    id: message.id,
    channelId: message.channel_id,
    author: {
      id: message.author.id,
      name: actions.names.user(message.author.id) ?? message.author.username,
      bot: message.author.bot ?? false,
    },
    content: message.content,
    embeds: message.embeds,
    components: message.components ?? [],
    attachments,
    timestamp: message.timestamp,
    edited: message.edited_timestamp !== null,
    onlyFor: flags & MessageFlags.Ephemeral ? (metadata?.user.id ?? null) : null,
    loading: (flags & MessageFlags.Loading) !== 0,
    answers: metadata
      ? {
          user: actions.names.user(metadata.user.id) ?? metadata.user.username,
          command: actions.emu.world.interactions.get(metadata.id)?.commandName ?? null,
        }
      : null,
  };
}

export function modalView(interactionId: string, modal: APIModalInteractionResponseCallbackData): ModalView {
  const fields: ModalView['fields'] = [];
  for (const top of modal.components) {
    const [label, description, input] =
      top.type === ComponentType.Label
        ? [top.label, top.description ?? null, top.component]
        : top.type === ComponentType.ActionRow
          ? [undefined, null, top.components[0]]
          : [undefined, null, undefined];
    if (input?.type !== ComponentType.TextInput) continue;
    fields.push({
      customId: input.custom_id,
      label: label ?? input.label ?? input.custom_id,
      description,
      paragraph: input.style === TextInputStyle.Paragraph,
      required: input.required !== false,
      value: input.value ?? '',
      placeholder: input.placeholder ?? '',
      minLength: input.min_length ?? null,
      maxLength: input.max_length ?? null,
    });
  }
  return { interactionId, title: modal.title, fields };
}

/** Types Discord's client infers from a file's name when the upload did not say (HTML transcripts, text). */
const TYPES_BY_EXTENSION: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

export function fileType(filename: string, contentType: string | undefined): string {
  if (contentType && contentType !== 'application/octet-stream') return contentType;
  const extension = /\.(\w+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return Object.hasOwn(TYPES_BY_EXTENSION, extension) ? TYPES_BY_EXTENSION[extension]! : 'application/octet-stream';
}

function isThread(channel: ChannelRecord): boolean {
  return (
    channel.type === ChannelType.PublicThread ||
    channel.type === ChannelType.PrivateThread ||
    channel.type === ChannelType.AnnouncementThread
  );
}
