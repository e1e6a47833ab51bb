import { UserError } from '@sapphire/framework';
import { ChannelType, PermissionFlagsBits, type Guild } from 'discord.js';
import { z } from 'zod';
import { TEXT_BASED_CHANNEL_TYPES, THREAD_CHANNEL_TYPES } from '../guilds/guildSnapshot';

/**
 * The kinds of Discord object a plugin setting can name by id: a role; a text channel the bot posts in; a category
 * the bot creates channels in; a channel or category the bot only watches (ignore lists, no-XP channels).
 */
export type DiscordIdKind = 'role' | 'channel' | 'category' | 'watched';

/** What a settings field holds: one id of a kind, or a list of them. */
export interface DiscordIdSetting {
  kind: DiscordIdKind;
  list: boolean;
}

const SNOWFLAKE = /^\d{17,20}$/;
// One check object per kind: copies of a schema (`.describe()`, `.nullable()`) keep their checks, so the kind is
// found again by the identity of its check.
const idChecks = new Map<z.core.$ZodCheck<string>, DiscordIdKind>(
  (['role', 'channel', 'category', 'watched'] as const).map((kind) => [
    z.regex(SNOWFLAKE, `must be a ${kind === 'watched' ? 'channel or category' : kind} id`),
    kind,
  ]),
);
const checkOf = (kind: DiscordIdKind) => [...idChecks].find(([, k]) => k === kind)![0];

/**
 * A setting that names a role, a channel or a category of the guild. `/plugins config` takes the mention or the
 * id, and checks that it exists in the guild, is not @everyone, and that the bot can use it. Use
 * `.nullable().default(null)` for an optional one, and `z.array(roleId())` for a list (`/plugins config` then takes
 * a JSON list or mentions separated by spaces, and checks each).
 */
export const roleId = () => z.string().check(checkOf('role'));
export const channelId = () => z.string().check(checkOf('channel'));
export const categoryId = () => z.string().check(checkOf('category'));
/** A channel or a category the bot only watches (ignore lists, no-XP channels): it must exist in the guild. */
export const watchedChannelId = () => z.string().check(checkOf('watched'));

/**
 * The kind of Discord id a settings field holds, and whether it is a list of them (looking through `.nullable()`,
 * `.default()`, `.max()`…), if any.
 */
export function discordIdKindOf(schema: z.ZodType): DiscordIdSetting | undefined {
  let current: z.core.$ZodType | undefined = schema;
  let list = false;
  for (let depth = 0; current && depth < 8; depth += 1) {
    for (const check of current._zod.def.checks ?? []) {
      const kind = idChecks.get(check as z.core.$ZodCheck<string>);
      if (kind) return { kind, list };
    }
    const def = current._zod.def as { innerType?: z.core.$ZodType; type: string; element?: z.core.$ZodType };
    if (def.type === 'array') {
      if (list) return undefined;
      list = true;
      current = def.element;
    } else current = def.innerType;
  }
  return undefined;
}

const NONE = /^(none|null|off)$/i;
/** No list setting holds more; each entry costs a lookup, so longer input is refused before any. */
const MAX_LIST = 100;
const MENTION_OR_ID = /^<(?:@&|#)?(\d{17,20})>$|^(\d{17,20})$/;

/**
 * Checks what an admin typed for a setting that names roles, channels or categories of this guild (see
 * {@link checkGuildId}); a list takes a JSON list of ids or mentions separated by spaces or commas (`none` or `[]`
 * empties it), checks each, and drops repeats. Returns the value as JSON for the settings store.
 */
export async function checkGuildIds(guild: GuildIdTargets, setting: DiscordIdSetting, typed: string): Promise<string> {
  if (!setting.list) return checkGuildId(guild, setting.kind, typed);
  const text = typed.trim();
  if (NONE.test(text)) return '[]';
  let items: string[];
  if (text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new UserError({
        identifier: 'InvalidPluginSetting',
        message: `Give a list of ${setting.kind === 'watched' ? 'channel' : setting.kind} mentions or ids, such as \`["123…", "456…"]\`, or \`none\`.`,
      });
    }
    items = parsed as string[];
  } else items = text.split(/[\s,]+/).filter(Boolean);
  if (items.length > MAX_LIST) {
    throw new UserError({ identifier: 'InvalidPluginSetting', message: `A list holds at most ${MAX_LIST} entries.` });
  }
  const ids: string[] = [];
  for (const item of items) {
    const id = JSON.parse(await checkGuildId(guild, setting.kind, item)) as string | null;
    if (id && !ids.includes(id)) ids.push(id);
  }
  return JSON.stringify(ids);
}

/**
 * Checks a role, channel or category typed by an admin for a setting of that kind, in this guild: the mention or
 * the id of something that exists here, not @everyone or a role Discord manages, and usable by the bot. Returns
 * the id as JSON for the settings store (`null` for `none`), or refuses with what is wrong.
 */
export async function checkGuildId(guild: GuildIdTargets, kind: DiscordIdKind, typed: string): Promise<string> {
  const text = typed.trim();
  if (NONE.test(text)) return 'null';
  const id = MENTION_OR_ID.exec(text)?.slice(1).find(Boolean);
  const refuse = (message: string): never => {
    throw new UserError({ identifier: 'InvalidPluginSetting', message });
  };
  const what = kind === 'watched' ? 'channel or category' : kind;
  if (!id) return refuse(`\`${text.slice(0, 40)}\` is not a ${what}: give its mention or id, or \`none\`.`);
  if (kind === 'role') {
    if (id === guild.id) return refuse('@everyone cannot be used here: choose a role that only some members have.');
    const role = await guild.role(id);
    if (!role) return refuse(`There is no role with the id \`${id}\` on this server.`);
    if (role.managed) return refuse(`${role.name} is managed by an integration; choose a role of your own.`);
    return JSON.stringify(id);
  }
  const channel = await guild.channel(id);
  if (!channel) return refuse(`There is no channel with the id \`${id}\` on this server.`);
  // Watched only (ignored, no XP): the bot needs no permission there; threads come and go, so not those.
  if (kind === 'watched') {
    if (THREAD_CHANNEL_TYPES.has(channel.type))
      return refuse(`${channel.name} is a thread: choose its channel instead.`);
    return JSON.stringify(id);
  }
  if (kind === 'category') {
    if (channel.type !== ChannelType.GuildCategory) return refuse(`${channel.name} is not a category.`);
    if (!(channel.botPermissions & PermissionFlagsBits.ManageChannels)) {
      return refuse(`I need **Manage Channels** in the ${channel.name} category to use it.`);
    }
    return JSON.stringify(id);
  }
  if (!TEXT_BASED_CHANNEL_TYPES.has(channel.type)) return refuse(`${channel.name} is not a text channel.`);
  const missing = Object.entries(POSTING)
    .filter(([, bit]) => !(channel.botPermissions & bit))
    .map(([name]) => name);
  if (missing.length > 0) return refuse(`I cannot post in ${channel.name}: I am missing ${missing.join(', ')} there.`);
  return JSON.stringify(id);
}

/** What the bot needs in a channel it posts a setting's messages in, by the names discord.js gives them. */
const POSTING = {
  ViewChannel: PermissionFlagsBits.ViewChannel,
  SendMessages: PermissionFlagsBits.SendMessages,
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
};

/** What the checks above read of a guild: a role, or a channel with what the bot may do there; null when none. */
export interface GuildIdTargets {
  id: string;
  role(id: string): Promise<{ name: string; managed: boolean } | null>;
  channel(id: string): Promise<{ name: string; type: ChannelType; botPermissions: bigint } | null>;
}

/** The guild's roles and channels as this process's gateway cache has them (fetched when missing there). */
export function idTargetsOf(guild: Guild): GuildIdTargets {
  return {
    id: guild.id,
    role: async (id) => {
      const role = await guild.roles.fetch(id).catch(() => null);
      return role && { name: role.name, managed: role.managed };
    },
    channel: async (id) => {
      const channel = await guild.channels.fetch(id).catch(() => null);
      if (!channel) return null;
      const botPermissions = channel.permissionsFor(guild.members.me!)?.bitfield ?? 0n;
      return { name: channel.name, type: channel.type, botPermissions };
    },
  };
}
