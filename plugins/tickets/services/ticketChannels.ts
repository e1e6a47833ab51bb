import {
  PermissionFlagsBits,
  type Guild,
  type GuildBasedChannel,
  type SendableChannels,
  type ThreadChannel,
} from 'discord.js';
import type { Ticket } from '../entities/Ticket';

/** What the opener and staff may do in a ticket channel. */
export const CHANNEL_MEMBER_ALLOW = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.EmbedLinks,
];

/** The same, as the flags object `permissionOverwrites.edit` takes. */
export const CHANNEL_MEMBER_ALLOW_FLAGS = {
  ViewChannel: true,
  SendMessages: true,
  ReadMessageHistory: true,
  AttachFiles: true,
  EmbedLinks: true,
};

/** Members of a role added to an overflow thread (a private thread shows only to its members). */
const THREAD_STAFF_LIMIT = 25;

/**
 * The ticket's channel or thread for a command acting in it (the guild is this process's), or null when it no
 * longer exists. Scheduled work asks Discord instead (`TicketContext.channelExists`).
 */
export async function channelOf(guild: Guild, ticket: Ticket): Promise<(SendableChannels & GuildBasedChannel) | null> {
  if (!ticket.channelId) return null;
  const cached = guild.channels.cache.get(ticket.channelId);
  if (cached) return cached.isSendable() ? cached : null;
  if (!ticket.isThread) return null;
  const fetched = await guild.channels.fetch(ticket.channelId).catch(() => null);
  return fetched?.isSendable() ? fetched : null;
}

/** Adds a role's members to a private thread (bounded: a private thread shows only to its members). */
export async function addRoleToThread(thread: ThreadChannel, roleId: string): Promise<void> {
  const members = thread.guild.roles.cache.get(roleId)?.members;
  for (const member of [...(members?.values() ?? [])].slice(0, THREAD_STAFF_LIMIT)) {
    await thread.members.add(member.id);
  }
}
