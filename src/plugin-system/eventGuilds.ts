import type {
  AnyThreadChannel,
  Client,
  ClientEvents,
  GuildAuditLogsEntry,
  GuildBan,
  GuildEmoji,
  Guild,
  GuildMember,
  Interaction,
  Invite,
  Message,
  PartialGuildMember,
  PartialMessage,
  PartialUser,
  Presence,
  Role,
  ThreadMember,
  Typing,
  User,
  VoiceState,
} from 'discord.js';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import type { SettingsChangeEvent } from '../guilds/settingsChanges';

declare module 'discord.js' {
  interface ClientEvents {
    /**
     * The core's: a guild's bot settings changed (plugins switched, their settings, `/config`, permission overrides),
     * from a command, the dashboard or the bot itself — stored and recorded in `settings_change` before it is emitted.
     */
    settingsChange: [SettingsChangeEvent];
  }
}

/**
 * Which guild(s) an event belongs to, from its arguments: one id, several (an event about a user fans out to the
 * guilds that user is in), or null for an event of no guild (a DM, the client becoming ready), which every plugin
 * listener gets.
 */
export type GuildsOfEvent = (client: Client, ...args: never[]) => string | readonly string[] | null;

/** A plugin's custom events and the guild each belongs to, made with {@link definePluginEvents}. */
export type PluginEventTable = Readonly<Record<string, GuildsOfEvent>>;

type EventArgs<E extends keyof ClientEvents> = ClientEvents[E];

/**
 * Declares the custom events a plugin emits (declare their arguments by augmenting discord.js's `ClientEvents`
 * beside it), each with the guild its payload belongs to, so other plugins' listeners can be gated like any
 * Discord event: `definePluginEvents({ levelUp: (event) => event.guildId })`.
 */
export function definePluginEvents<const Names extends keyof ClientEvents>(table: {
  [E in Names]: (...args: EventArgs<E>) => string | null;
}): PluginEventTable {
  const gated: Record<string, GuildsOfEvent> = {};
  for (const [name, guildOf] of Object.entries(table) as [string, (...args: unknown[]) => string | null][]) {
    gated[name] = (_client, ...args) => guildOf(...args);
  }
  return gated;
}

/** The core's own custom events, each with its guild: plugins listen to them as to Discord's. */
export const CORE_EVENT_GUILDS: PluginEventTable = definePluginEvents({
  settingsChange: (event) => event.guildId,
});

const ofMessage = (_: Client, message: Message | PartialMessage) => message.guildId;
const ofMember = (_: Client, member: GuildMember | PartialGuildMember) => member.guild.id;
const ofGuild = (_: Client, guild: Guild) => guild.id;
const ofRole = (_: Client, role: Role) => role.guild.id;
const ofBan = (_: Client, ban: GuildBan) => ban.guild.id;
const ofThread = (_: Client, thread: AnyThreadChannel) => thread.guildId;
const ofEmoji = (_: Client, emoji: GuildEmoji) => emoji.guild.id;
const ofInvite = (_: Client, invite: Invite) => invite.guild?.id ?? null;
const ofChannel = (_: Client, channel: { guildId?: string | null }) => channel.guildId ?? null;
const noGuild = () => null;
const ofDispatch = (_: Client, data: { guild_id?: string }) => data.guild_id ?? null;

/**
 * The guilds a user shares with the bot, as far as the member caches know (they keep the members seen last, see
 * `src/client.ts`). discord.js emits `userUpdate` only for a user it had cached, while handling a GUILD_MEMBER_UPDATE
 * of one of their guilds; a guild where the member was swept from the cache does not get the event.
 */
function guildsOfUser(client: Client, userId: string): string[] {
  return client.guilds.cache.filter((guild) => guild.members.cache.has(userId)).map((guild) => guild.id);
}

/**
 * Every discord.js event a plugin listener may use, with its guild, in the manner of Knub's `eventToGuild`: a
 * listener on an event missing here refuses to load, so no event is gated by guessing at its arguments.
 */
export const DISCORD_EVENT_GUILDS: PluginEventTable = {
  clientReady: noGuild,
  guildCreate: ofGuild,
  guildDelete: ofGuild,
  guildUpdate: (_: Client, _old: Guild, guild: Guild) => guild.id,
  guildAvailable: ofGuild,
  messageCreate: ofMessage,
  guildMemberAdd: ofMember,
  guildMemberRemove: ofMember,
  guildMemberUpdate: (_: Client, _old: GuildMember | PartialGuildMember, member: GuildMember) => member.guild.id,
  guildBanAdd: ofBan,
  guildBanRemove: ofBan,
  guildAuditLogEntryCreate: (_: Client, _entry: GuildAuditLogsEntry, guild: Guild) => guild.id,
  channelCreate: ofChannel,
  channelDelete: ofChannel,
  channelUpdate: (_: Client, _old: { guildId?: string | null }, channel: { guildId?: string | null }) =>
    channel.guildId ?? null,
  channelPinsUpdate: ofChannel,
  webhooksUpdate: ofChannel,
  threadCreate: ofThread,
  threadDelete: ofThread,
  threadUpdate: (_: Client, _old: AnyThreadChannel, thread: AnyThreadChannel) => thread.guildId,
  threadMemberUpdate: (_: Client, _old: ThreadMember, member: ThreadMember) => member.thread.guildId,
  threadMembersUpdate: (_: Client, _added: unknown, _removed: unknown, thread: AnyThreadChannel) => thread.guildId,
  roleCreate: ofRole,
  roleDelete: ofRole,
  roleUpdate: (_: Client, _old: Role, role: Role) => role.guild.id,
  emojiCreate: ofEmoji,
  emojiDelete: ofEmoji,
  emojiUpdate: (_: Client, _old: GuildEmoji, emoji: GuildEmoji) => emoji.guild.id,
  inviteCreate: ofInvite,
  inviteDelete: ofInvite,
  voiceStateUpdate: (_: Client, _old: VoiceState, state: VoiceState) => state.guild.id,
  presenceUpdate: (_: Client, _old: Presence | null, presence: Presence) => presence.guild?.id ?? null,
  typingStart: (_: Client, typing: Typing) => typing.guild?.id ?? null,
  interactionCreate: (_: Client, interaction: Interaction) => interaction.guildId,
  // Sapphire's: a command that passed its preconditions and is about to run, in the guild it was used in.
  chatInputCommandRun: (_: Client, interaction: Interaction) => interaction.guildId,
  messageCommandRun: ofMessage,
  // A user has no guild: the change concerns every guild the bot shares with them.
  userUpdate: (client: Client, _old: User | PartialUser, user: User) => guildsOfUser(client, user.id),
  // Raw gateway dispatches, for PluginGatewayListener (the `ws` emitter): the payload names its guild. The client
  // caches no messages and has no Message partial, so discord.js emits no messageUpdate, messageDelete(Bulk) or
  // reaction events (they are left out above, so a listener on one refuses to load): take these instead.
  [GatewayDispatchEvents.MessageCreate]: ofDispatch,
  [GatewayDispatchEvents.MessageUpdate]: ofDispatch,
  [GatewayDispatchEvents.MessageDelete]: ofDispatch,
  [GatewayDispatchEvents.MessageDeleteBulk]: ofDispatch,
  [GatewayDispatchEvents.MessageReactionAdd]: ofDispatch,
  [GatewayDispatchEvents.MessageReactionRemove]: ofDispatch,
  [GatewayDispatchEvents.MessageReactionRemoveAll]: ofDispatch,
  [GatewayDispatchEvents.MessageReactionRemoveEmoji]: ofDispatch,
};
