import type { APIEmbed, APIEmbedField, BaseMessageOptions, JSONEncodable } from 'discord.js';

/** Discord's limits on what a message carries (a longer one is refused with 50035 and the member gets nothing). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Title, description, field names and values, footer and author name of all a message's embeds together. */
  embedTotal: 6000,
  buttonLabel: 80,
  selectOptionLabel: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  modalTitle: 45,
  textInputLabel: 45,
  textInputValue: 4000,
} as const;

/**
 * `text` cut to at most `limit` characters (UTF-16 units, as Discord counts), ending in "…" when cut, never between
 * the two halves of a character outside the BMP (an emoji cut in half is an invalid string for Discord).
 */
export function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  if (limit <= 0) return '';
  let end = limit - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

type EmbedLike = APIEmbed | JSONEncodable<APIEmbed>;

function plain(embed: EmbedLike): APIEmbed {
  return 'toJSON' in embed && typeof embed.toJSON === 'function' ? embed.toJSON() : (embed as APIEmbed);
}

/** One embed cut to Discord's per-part limits. */
export function fitEmbed(source: EmbedLike): APIEmbed {
  const embed = { ...plain(source) };
  if (embed.title !== undefined) embed.title = cut(embed.title, DISCORD_LIMITS.embedTitle);
  if (embed.description !== undefined) embed.description = cut(embed.description, DISCORD_LIMITS.embedDescription);
  if (embed.footer) embed.footer = { ...embed.footer, text: cut(embed.footer.text, DISCORD_LIMITS.footer) };
  if (embed.author) embed.author = { ...embed.author, name: cut(embed.author.name, DISCORD_LIMITS.authorName) };
  if (embed.fields) {
    embed.fields = embed.fields.slice(0, DISCORD_LIMITS.embedFields).map((field): APIEmbedField => ({
      ...field,
      name: cut(field.name, DISCORD_LIMITS.fieldName) || '\u200b',
      value: cut(field.value, DISCORD_LIMITS.fieldValue) || '\u200b',
    }));
  }
  return embed;
}

function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * A message's content and embeds within Discord's limits in every combination: content 2,000; each embed's parts;
 * 6,000 for all embeds together — past it, the last embeds' fields are dropped, then their descriptions cut.
 * Everything else in the payload is kept as it is.
 */
export function fitMessage<T extends Pick<BaseMessageOptions, 'content' | 'embeds'>>(
  payload: T,
): Omit<T, 'embeds'> & { embeds?: APIEmbed[] } {
  const { embeds: given, ...rest } = payload;
  const fitted: Omit<T, 'embeds'> & { embeds?: APIEmbed[] } = rest;
  if (typeof fitted.content === 'string') fitted.content = cut(fitted.content, DISCORD_LIMITS.content);
  if (!given) return fitted;
  const embeds = given.slice(0, DISCORD_LIMITS.embeds).map((embed) => fitEmbed(embed as EmbedLike));
  let excess = embeds.reduce((sum, embed) => sum + embedSize(embed), 0) - DISCORD_LIMITS.embedTotal;
  /** Cuts one text part to what the excess leaves of it (at least one character and the "…", or nothing). */
  const shorten = (text: string | undefined, required: boolean): string | undefined => {
    if (!text || excess <= 0) return text;
    const keep = text.length - excess - 1;
    const result = keep >= 1 ? cut(text, keep + 1) : required ? '…' : undefined;
    excess -= text.length - (result?.length ?? 0);
    return result;
  };
  for (let index = embeds.length - 1; index >= 0 && excess > 0; index -= 1) {
    const embed = embeds[index]!;
    while (excess > 0 && embed.fields?.length) {
      const field = embed.fields.pop()!;
      excess -= field.name.length + field.value.length;
    }
    embed.description = shorten(embed.description, false);
    if (embed.footer) {
      const text = shorten(embed.footer.text, false);
      embed.footer = text === undefined ? undefined : { ...embed.footer, text };
    }
    if (embed.author) {
      const name = shorten(embed.author.name, false);
      embed.author = name === undefined ? undefined : { ...embed.author, name };
    }
    embed.title = shorten(embed.title, false);
  }
  fitted.embeds = embeds;
  return fitted;
}

/**
 * Hands discord.js a payload part already in the API's shape: it takes a JSONEncodable as it is, while a plain object
 * goes through its camelCase → snake_case transform (lodash on every key, recursively: 4 % of `/help`'s CPU).
 */
export function asApiJson<T>(json: T): JSONEncodable<T> {
  return { toJSON: () => json };
}
