import { AchievementType } from '../entities/Achievement';
import { fillPlaceholders } from '#core/plugin-kit/placeholders';

/** Fills `{user}` and `{achievement}`; unknown placeholders stay as written. */
export function renderUnlock(template: string, values: { user: string; achievement: string }): string {
  return fillPlaceholders(template, values).slice(0, 2000);
}

/** `▰▰▰▱▱▱▱▱▱▱`: `value` of `total`, in `width` cells (a started one shows at least one cell). */
export function progressBar(value: number, total: number, width = 10): string {
  const ratio = total <= 0 ? 1 : Math.min(Math.max(value / total, 0), 1);
  let filled = Math.floor(ratio * width);
  if (filled === 0 && value > 0) filled = 1;
  if (filled === width && value < total) filled = width - 1;
  return '▰'.repeat(filled) + '▱'.repeat(width - filled);
}

/** What a counted type counts, for "30/100 messages". */
export const TYPE_UNITS: Record<AchievementType, [one: string, many: string]> = {
  [AchievementType.MESSAGES]: ['message', 'messages'],
  [AchievementType.TICKETS]: ['ticket closed', 'tickets closed'],
  [AchievementType.HELP]: ['ticket resolved', 'tickets resolved'],
  [AchievementType.MODERATION]: ['moderation action', 'moderation actions'],
  [AchievementType.SPECIAL]: ['grant', 'grants'],
};

export function countOf(type: AchievementType, value: number): string {
  const [one, many] = TYPE_UNITS[type];
  return `${value.toLocaleString('en-US')} ${value === 1 ? one : many}`;
}

const CUSTOM_EMOJI = /^<a?:\w{2,32}:\d{17,20}>$/;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3/u;

/** Whether `icon` is one emoji-like token: a custom emoji, or a short run of emoji with no words in it. */
export function isEmoji(icon: string): boolean {
  if (CUSTOM_EMOJI.test(icon)) return true;
  return icon.length <= 16 && !/[\s\p{L}]/u.test(icon) && PICTOGRAPH.test(icon);
}
