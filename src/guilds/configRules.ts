import { UserError } from '@sapphire/framework';
import { ChannelType, channelMention } from 'discord.js';
import { AuditEvent } from '../database/entities/GuildConfig';
import type { GuildIdTargets } from '../plugin-kit/settingIds';
import { TEXT_BASED_CHANNEL_TYPES } from './guildSnapshot';
import type { EditableGuildConfig } from './GuildSettings';

/**
 * The rules of the guild's core settings, shared by `/config` and the dashboard: each check throws a UserError
 * saying what is wrong, so both refuse the same values with the same words. They read the guild through
 * {@link GuildIdTargets}: `/config` from its gateway cache, the dashboard from wherever the guild's shard runs.
 */

export const CONFIG_CHANNELS = {
  log: 'logChannelId',
  'mod-log': 'modLogChannelId',
  'ticket-log': 'ticketLogChannelId',
  welcome: 'welcomeChannelId',
} as const satisfies Record<string, keyof EditableGuildConfig>;
export const CONFIG_ROLES = {
  admin: 'adminRoleId',
  mod: 'modRoleId',
  support: 'supportRoleId',
} as const satisfies Record<string, keyof EditableGuildConfig>;

export async function checkConfigChannel(guild: GuildIdTargets, channelId: string): Promise<void> {
  const channel = await guild.channel(channelId);
  if (!channel) throw notFound('channel', channelId);
  if (!TEXT_BASED_CHANNEL_TYPES.has(channel.type)) {
    throw new UserError({
      identifier: 'WrongChannelType',
      message: `${channelMention(channelId)} is not a text channel.`,
    });
  }
}

export async function checkConfigCategory(guild: GuildIdTargets, categoryId: string): Promise<void> {
  const category = await guild.channel(categoryId);
  if (!category) throw notFound('category', categoryId);
  if (category.type !== ChannelType.GuildCategory) {
    throw new UserError({
      identifier: 'WrongChannelType',
      message: `${channelMention(categoryId)} is not a category.`,
    });
  }
}

export async function checkConfigRole(guild: GuildIdTargets, roleId: string): Promise<void> {
  if (roleId === guild.id) {
    throw new UserError({ identifier: 'EveryoneRole', message: '@everyone cannot be a staff role.' });
  }
  if (!(await guild.role(roleId))) throw notFound('role', roleId);
}

export function checkPrefix(prefix: string): void {
  if (prefix.length < 1 || prefix.length > 5 || /\s/.test(prefix) || /[@#<>`]/.test(prefix)) {
    throw new UserError({
      identifier: 'BadPrefix',
      message: 'A prefix must be 1–5 characters, with no spaces, mentions or backticks. Example: `?` or `bot!`.',
    });
  }
  // Quotes group the words of an argument, so a prefix of quotes alone would read quoted text as commands.
  if (/^["“”「」«»'‘’]+$/.test(prefix)) {
    throw new UserError({
      identifier: 'BadPrefix',
      message: 'A prefix cannot be only quote marks: they group the words of an argument. Example: `?` or `bot!`.',
    });
  }
}

/** `all`, `none`, or a list of categories separated by commas or spaces. */
export function parseAuditEvents(input: string): AuditEvent[] {
  const all = Object.values(AuditEvent);
  const words = input
    .toUpperCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words.length === 1 && words[0] === 'ALL') return all;
  if (words.length === 1 && words[0] === 'NONE') return [];
  const unknown = words.filter((word) => !all.includes(word as AuditEvent));
  if (unknown.length || words.length === 0) {
    throw new UserError({
      identifier: 'UnknownAuditEvent',
      message: `Unknown audit event ${unknown.map((w) => `\`${w.slice(0, 40)}\``).join(', ')}. Use all, none, or some of: ${all.join(', ')}.`,
    });
  }
  return [...new Set(words as AuditEvent[])];
}

function notFound(kind: string, id: string) {
  return new UserError({
    identifier: 'NotInGuild',
    message: `I can't find a ${kind} with id \`${id}\` in this server.`,
  });
}
