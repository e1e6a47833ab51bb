import {
  ChannelType,
  GatewayIntentBits,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  type APIChannel,
  type APIGuildMember,
  type APIInteractionDataResolvedChannel,
  type APIMessage,
  type APIReaction,
  type APIRole,
  type APIThreadChannel,
  type APIUnavailableGuild,
  type APIUser,
  type GatewayGuildCreateDispatchData,
  type APIVoiceState,
  type ThreadAutoArchiveDuration,
  type ThreadChannelType,
} from 'discord-api-types/v10';
import { basePermissions, channelPermissions } from './permissions';
import type { ChannelRecord, GuildRecord, MemberRecord, MessageRecord, VoiceStateRecord, World } from './world';

/**
 * Zero for any of discord-api-types' bit-flag enums (UserFlags, RoleFlags…), which have no 0 member,
 * so a plain 0 does not type-check.
 */
export const NO_FLAGS = 0 as never;

export function newUser(id: string, username: string, bot: boolean): APIUser {
  return {
    id,
    username,
    discriminator: '0',
    global_name: bot ? null : username,
    avatar: null,
    bot,
    system: false,
    public_flags: NO_FLAGS,
    flags: NO_FLAGS,
  };
}

export function newRole(id: string, name: string, permissions: bigint, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: NO_FLAGS,
  };
}

/** `avatar` and `banner` are always present (null), as GUILD_MEMBER_UPDATE requires. */
export function memberPayload(
  world: World,
  member: MemberRecord,
): APIGuildMember & { avatar: string | null; banner: string | null } {
  const user = world.users.get(member.userId);
  if (!user) throw new Error(`member ${member.userId} has no user`);
  return {
    user,
    nick: member.nick,
    avatar: member.avatar ?? null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: member.deaf ?? false,
    mute: member.mute ?? false,
    flags: NO_FLAGS,
    pending: false,
    communication_disabled_until: member.communicationDisabledUntil,
  };
}

/** A member with `permissions`, as interactions carry it. */
export function interactionMemberPayload(
  world: World,
  guild: GuildRecord,
  member: MemberRecord,
  channel?: ChannelRecord,
) {
  const permissions = channel
    ? channelPermissions(world, guild, channel, member.userId)
    : basePermissions(guild, member.userId);
  return { ...memberPayload(world, member), permissions: permissions.toString() };
}

const THREAD_TYPES = new Set([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

export function isThread(channel: ChannelRecord): boolean {
  return THREAD_TYPES.has(channel.type);
}

export function channelPayload(world: World, channel: ChannelRecord): APIChannel {
  if (channel.type === ChannelType.DM) {
    const recipient = channel.recipientId ? world.users.get(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      last_message_id: channel.lastMessageId,
      recipients: recipient ? [recipient] : [],
      flags: NO_FLAGS,
    };
  }
  const guildChannel = {
    id: channel.id,
    guild_id: channel.guildId,
    name: channel.name ?? '',
    permission_overwrites: channel.permissionOverwrites,
    parent_id: channel.parentId ?? null,
    nsfw: channel.nsfw,
    flags: NO_FLAGS,
  };
  if (isThread(channel)) {
    const thread: APIThreadChannel = {
      ...guildChannel,
      type: channel.type as ThreadChannelType,
      parent_id: channel.parentId ?? undefined,
      owner_id: channel.ownerId,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: channel.rateLimitPerUser,
      message_count: channel.messageCount ?? 0,
      member_count: channel.threadMemberIds?.size ?? 0,
      total_message_sent: channel.messageCount ?? 0,
      thread_metadata: {
        archived: channel.archived ?? false,
        locked: channel.locked ?? false,
        auto_archive_duration: (channel.autoArchiveDuration ?? 1440) as ThreadAutoArchiveDuration,
        archive_timestamp: channel.createdAt,
        create_timestamp: channel.createdAt,
      },
    };
    return thread as APIChannel;
  }
  switch (channel.type) {
    case ChannelType.GuildCategory:
      return {
        ...guildChannel,
        parent_id: null,
        type: ChannelType.GuildCategory,
        position: channel.position,
      };
    case ChannelType.GuildVoice:
      return {
        ...guildChannel,
        type: ChannelType.GuildVoice,
        position: channel.position,
        bitrate: 64000,
        user_limit: 0,
        rtc_region: null,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
      };
    case ChannelType.GuildAnnouncement:
      return {
        ...guildChannel,
        type: ChannelType.GuildAnnouncement,
        position: channel.position,
        topic: channel.topic ?? null,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
      };
    default:
      return {
        ...guildChannel,
        type: ChannelType.GuildText,
        position: channel.position,
        topic: channel.topic ?? null,
        last_message_id: channel.lastMessageId,
        rate_limit_per_user: channel.rateLimitPerUser,
      };
  }
}

/** The channel as interactions' `resolved.channels` carries it, with the member's permissions. */
export function resolvedChannelPayload(
  world: World,
  guild: GuildRecord,
  channel: ChannelRecord,
  userId: string,
): APIInteractionDataResolvedChannel {
  return {
    ...(channelPayload(world, channel) as APIInteractionDataResolvedChannel),
    permissions: channelPermissions(world, guild, channel, userId).toString(),
  };
}

export function unavailableGuild(guildId: string): APIUnavailableGuild {
  return { id: guildId, unavailable: true };
}

export function guildPayload(guild: GuildRecord) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300 as const,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.AllMessages,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [...guild.roles.values()],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as const,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500000,
    approximate_member_count: guild.members.size,
    approximate_presence_count: 0,
  };
}

/** Above this many members Discord lists only the bot and members in voice in GUILD_CREATE, whatever the intents. */
const FULL_MEMBER_LIST_LIMIT = 75_000;

/**
 * The full GUILD_CREATE a session receives for each of its guilds. As Discord documents it: without the
 * GUILD_PRESENCES intent, or in a guild of more than 75,000 members, `members` holds only the bot itself and the
 * members in voice channels; a client that wants the others asks for them (op 8) or reads them over REST.
 */
export function guildCreatePayload(
  world: World,
  guild: GuildRecord,
  session: { botUserId: string; intents: number },
): GatewayGuildCreateDispatchData {
  const channels = world.guildChannels(guild.id);
  const fullList =
    (session.intents & GatewayIntentBits.GuildPresences) !== 0 && guild.members.size <= FULL_MEMBER_LIST_LIMIT;
  const listed = fullList
    ? [...guild.members.values()]
    : [...guild.members.values()].filter(
        (member) => member.userId === session.botUserId || guild.voiceStates?.has(member.userId),
      );
  return {
    ...guildPayload(guild),
    joined_at: guild.members.get(guild.ownerId)?.joinedAt ?? new Date().toISOString(),
    large: guild.members.size > 250,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [...(guild.voiceStates?.values() ?? [])].map((state) => voiceStatePayload(world, guild, state)),
    members: listed.map((member) => memberPayload(world, member)),
    channels: channels.filter((channel) => !isThread(channel)).map((channel) => channelPayload(world, channel)),
    threads: channels.filter((channel) => isThread(channel)).map((channel) => channelPayload(world, channel)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as GatewayGuildCreateDispatchData;
}

export function reactionsPayload(record: MessageRecord, viewerId: string): APIReaction[] {
  return [...record.reactions.values()].map((reaction) => ({
    count: reaction.userIds.size,
    count_details: { burst: 0, normal: reaction.userIds.size },
    me: reaction.userIds.has(viewerId),
    me_burst: false,
    burst_colors: [],
    emoji: reaction.emoji,
  }));
}

/** The message as the bot sees it over REST or the gateway (reactions with `me` from the bot's view). */
export function messagePayload(record: MessageRecord, botUserId: string): APIMessage {
  if (record.reactions.size === 0) return record.message;
  return { ...record.message, reactions: reactionsPayload(record, botUserId) };
}

/** A VOICE_STATE_UPDATE / GUILD_CREATE voice state; `channelId` null for a member who left voice. */
export function voiceStatePayload(
  world: World,
  guild: GuildRecord,
  state: VoiceStateRecord,
  channelId: string | null = state.channelId,
): APIVoiceState {
  const member = guild.members.get(state.userId);
  return {
    guild_id: guild.id,
    channel_id: channelId,
    user_id: state.userId,
    member: member ? memberPayload(world, member) : undefined,
    session_id: state.sessionId,
    deaf: member?.deaf ?? false,
    mute: member?.mute ?? false,
    self_deaf: state.selfDeaf,
    self_mute: state.selfMute,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}
