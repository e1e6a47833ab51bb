import { UserError } from '@sapphire/framework';
import { ChannelType, PermissionFlagsBits, type Guild } from 'discord.js';
import { z } from 'zod';

/** The kinds of Discord object a plugin setting can name by id. */
export type DiscordIdKind = 'role' | 'channel' | 'category';

const SNOWFLAKE = /^\d{17,20}$/;
// One check object per kind: copies of a schema (`.describe()`, `.nullable()`) keep their checks, so the kind is
// found again by the identity of its check.
const idChecks = new Map<z.core.$ZodCheck<string>, DiscordIdKind>(
  (['role', 'channel', 'category'] as const).map((kind) => [z.regex(SNOWFLAKE, `must be a ${kind} id`), kind]),
);
const checkOf = (kind: DiscordIdKind) => [...idChecks].find(([, k]) => k === kind)![0];

/**
 * A setting that names a role, a channel or a category of the guild. `/plugins config` takes the mention or the
 * id, and checks that it exists in the guild, is not @everyone, and that the bot can use it. Use
 * `.nullable().default(null)` for an optional one.
 */
export const roleId = () => z.string().check(checkOf('role'));
export const channelId = () => z.string().check(checkOf('channel'));
export const categoryId = () => z.string().check(checkOf('category'));

/** The kind of Discord id a settings field holds (looking through `.nullable()`, `.default()`…), if any. */
export function discordIdKindOf(schema: z.ZodType): DiscordIdKind | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (let depth = 0; current && depth < 8; depth += 1) {
    for (const check of current._zod.def.checks ?? []) {
      const kind = idChecks.get(check as z.core.$ZodCheck<string>);
      if (kind) return kind;
    }
    const def = current._zod.def as { innerType?: z.core.$ZodType };
    current = def.innerType;
  }
  return undefined;
}

/**
 * Checks a role, channel or category typed by an admin for a setting of that kind, in this guild: the mention or
 * the id of something that exists here, not @everyone or a role Discord manages, and usable by the bot. Returns
 * the id as JSON for the settings store (`null` for `none`), or refuses with what is wrong.
 */
export async function checkGuildId(guild: Guild, kind: DiscordIdKind, typed: string): Promise<string> {
  const text = typed.trim();
  if (/^(none|null|off)$/i.test(text)) return 'null';
  const id = /^<(?:@&|#)?(\d{17,20})>$|^(\d{17,20})$/.exec(text)?.slice(1).find(Boolean);
  const refuse = (message: string): never => {
    throw new UserError({ identifier: 'InvalidPluginSetting', message });
  };
  if (!id) return refuse(`\`${text.slice(0, 40)}\` is not a ${kind}: give its mention or id, or \`none\`.`);
  if (kind === 'role') {
    if (id === guild.id) return refuse('@everyone cannot be used here: choose a role that only some members have.');
    const role = await guild.roles.fetch(id).catch(() => null);
    if (!role) return refuse(`There is no role with the id \`${id}\` on this server.`);
    if (role.managed) return refuse(`${role.name} is managed by an integration; choose a role of your own.`);
    return JSON.stringify(id);
  }
  const channel = await guild.channels.fetch(id).catch(() => null);
  if (!channel) return refuse(`There is no channel with the id \`${id}\` on this server.`);
  if (kind === 'category') {
    if (channel.type !== ChannelType.GuildCategory) return refuse(`${channel.name} is not a category.`);
    if (!channel.permissionsFor(guild.members.me!).has(PermissionFlagsBits.ManageChannels)) {
      return refuse(`I need **Manage Channels** in the ${channel.name} category to use it.`);
    }
    return JSON.stringify(id);
  }
  if (!channel.isTextBased()) return refuse(`${channel.name} is not a text channel.`);
  const missing = channel
    .permissionsFor(guild.members.me!)
    .missing([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks]);
  if (missing.length > 0) return refuse(`I cannot post in ${channel.name}: I am missing ${missing.join(', ')} there.`);
  return JSON.stringify(id);
}
