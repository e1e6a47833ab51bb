import { UserError } from '@sapphire/framework';
import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel } from 'discord.js';

/** What `/lock` takes away from @everyone; `/unlock` gives the channel's default back for exactly these. */
export const LOCKED_PERMISSIONS = {
  SendMessages: false,
  SendMessagesInThreads: false,
  CreatePublicThreads: false,
  CreatePrivateThreads: false,
  AddReactions: false,
} as const;

export type LockableChannel = Extract<
  GuildBasedChannel,
  { type: ChannelType.GuildText | ChannelType.GuildAnnouncement }
>;

/** The channel a lock command names (or runs in), or a refusal when it cannot be locked. */
export function lockableChannel(guild: Guild, channelId: string): LockableChannel {
  const channel = guild.channels.cache.get(channelId);
  if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
    throw new UserError({ identifier: 'BadLockChannel', message: 'Only text channels of this server can be locked.' });
  }
  return channel;
}

/** Whether @everyone is denied sending messages in the channel by an overwrite. */
export function isLocked(channel: LockableChannel): boolean {
  const overwrite = channel.permissionOverwrites.cache.get(channel.guild.roles.everyone.id);
  return overwrite?.deny.has(PermissionFlagsBits.SendMessages) ?? false;
}
