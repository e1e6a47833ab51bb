import {
  AuditLogEvent,
  ChannelType,
  GatewayDispatchEvents,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
} from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import { DiscordApiError, invalidField } from '../errors';
import { memberPayload, voiceStatePayload } from '../payloads';
import { requirePermissions } from '../permissions';
import type { GuildRecord, VoiceStateRecord } from '../world';
import type { Executor } from './channels';

/** Discord's answer to moving, muting or deafening someone who is not in voice. */
const targetNotInVoice = () =>
  new DiscordApiError(
    400,
    RESTJSONErrorCodes.TargetUserIsNotConnectedToVoice,
    'Target user is not connected to voice.',
  );

function voiceStates(guild: GuildRecord): Map<string, VoiceStateRecord> {
  return (guild.voiceStates ??= new Map());
}

function requireVoiceChannel(core: EmulatorCore, guild: GuildRecord, channelId: string) {
  const channel = core.world.channel(channelId);
  if (!channel || channel.guildId !== guild.id) {
    throw invalidField(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Unknown channel');
  }
  if (channel.type !== ChannelType.GuildVoice && channel.type !== ChannelType.GuildStageVoice) {
    throw invalidField(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Not a voice channel');
  }
  return channel;
}

function dispatchVoiceState(core: EmulatorCore, guild: GuildRecord, state: VoiceStateRecord, channelId: string | null) {
  core.dispatch(GatewayDispatchEvents.VoiceStateUpdate, voiceStatePayload(core.world, guild, state, channelId), {
    guildId: guild.id,
  });
}

/**
 * A member's own voice client: joins, switches to, or (channelId null) leaves a voice channel, and toggles self
 * mute/deafen. VOICE_STATE_UPDATE; nothing in the audit log, as on Discord.
 */
export function setOwnVoiceState(
  core: EmulatorCore,
  guildId: string,
  userId: string,
  change: { channelId?: string | null; selfMute?: boolean; selfDeaf?: boolean },
): void {
  const guild = core.requireGuild(guildId);
  core.requireMember(guild, userId);
  const states = voiceStates(guild);
  const current = states.get(userId);
  if (change.channelId === null) {
    if (!current) return;
    states.delete(userId);
    dispatchVoiceState(core, guild, current, null);
    return;
  }
  const channelId = change.channelId ?? current?.channelId;
  if (!channelId) throw targetNotInVoice();
  const channel = requireVoiceChannel(core, guild, channelId);
  requirePermissions(core.world, guild, userId, PermissionFlagsBits.Connect | PermissionFlagsBits.ViewChannel, channel);
  const state: VoiceStateRecord = current ?? {
    userId,
    channelId,
    sessionId: core.snowflake(),
    selfMute: false,
    selfDeaf: false,
  };
  state.channelId = channelId;
  if (change.selfMute !== undefined) state.selfMute = change.selfMute;
  if (change.selfDeaf !== undefined) state.selfDeaf = change.selfDeaf;
  states.set(userId, state);
  dispatchVoiceState(core, guild, state, channelId);
}

/**
 * A moderator's voice actions on a member (PATCH /guilds/{g}/members/{u} with `mute`, `deaf`, `channel_id`):
 * server mute (MuteMembers), deafen (DeafenMembers), move (MoveMembers) or disconnect (`channel_id` null). Audit
 * entries as Discord writes them: MEMBER_UPDATE with mute/deaf changes, MEMBER_MOVE, MEMBER_DISCONNECT.
 */
export function moderateVoice(
  core: EmulatorCore,
  guild: GuildRecord,
  userId: string,
  edit: { mute?: boolean; deaf?: boolean; channel_id?: string | null },
  executor: Executor,
): void {
  const member = core.requireMember(guild, userId);
  const states = voiceStates(guild);
  const state = states.get(userId);
  if (edit.mute !== undefined) requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.MuteMembers);
  if (edit.deaf !== undefined)
    requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.DeafenMembers);
  if (edit.channel_id !== undefined) {
    requirePermissions(core.world, guild, executor.userId, PermissionFlagsBits.MoveMembers);
    if (!state) throw targetNotInVoice();
    if (edit.channel_id !== null) requireVoiceChannel(core, guild, edit.channel_id);
  }
  const changes: { key: 'mute' | 'deaf'; old_value: boolean; new_value: boolean }[] = [];
  if (edit.mute !== undefined && edit.mute !== (member.mute ?? false)) {
    changes.push({ key: 'mute', old_value: member.mute ?? false, new_value: edit.mute });
    member.mute = edit.mute;
  }
  if (edit.deaf !== undefined && edit.deaf !== (member.deaf ?? false)) {
    changes.push({ key: 'deaf', old_value: member.deaf ?? false, new_value: edit.deaf });
    member.deaf = edit.deaf;
  }
  if (changes.length > 0) {
    core.dispatch(
      GatewayDispatchEvents.GuildMemberUpdate,
      { ...memberPayload(core.world, member), guild_id: guild.id },
      { guildId: guild.id },
    );
    if (state) dispatchVoiceState(core, guild, state, state.channelId);
    core.audit(guild, {
      actionType: AuditLogEvent.MemberUpdate,
      executorId: executor.userId,
      targetId: userId,
      reason: executor.reason,
      changes,
    });
  }
  if (edit.channel_id !== undefined && state) {
    if (edit.channel_id === null) {
      states.delete(userId);
      dispatchVoiceState(core, guild, state, null);
      core.audit(guild, {
        actionType: AuditLogEvent.MemberDisconnect,
        executorId: executor.userId,
        targetId: null,
        reason: executor.reason,
        options: { count: '1' },
      });
    } else if (edit.channel_id !== state.channelId) {
      state.channelId = edit.channel_id;
      dispatchVoiceState(core, guild, state, state.channelId);
      core.audit(guild, {
        actionType: AuditLogEvent.MemberMove,
        executorId: executor.userId,
        targetId: null,
        reason: executor.reason,
        options: { channel_id: edit.channel_id, count: '1' },
      });
    }
  }
}
