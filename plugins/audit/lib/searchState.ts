import { UserError } from '@sapphire/framework';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import type { AuditSearch } from '../services/AuditRepository';

const CATEGORIES = Object.values(AuditEvent);
const DAY_MS = 24 * 3600_000;
/** An action filter is a word such as `message_delete` (kept short: it travels in the page buttons' ids). */
const ACTION = /^[a-z_]{1,24}$/;

export interface SearchInput {
  memberId: string | null;
  category: AuditEvent | null;
  action: string | null;
  from: string | null;
  to: string | null;
}

/** Parses `YYYY-MM-DD` as that day's start (UTC), refusing anything else with an example. */
function parseDay(text: string, which: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(time) || new Date(time).getUTCDate() !== Number(match[3])) {
    throw new UserError({
      identifier: 'BadDate',
      message: `\`${text.slice(0, 30)}\` is not a date for **${which}**: write it as YYYY-MM-DD, e.g. 2025-03-01.`,
    });
  }
  return time / DAY_MS;
}

/**
 * Checks a search and packs it into the page buttons' state: `member|category|action|fromDay|toDay`, days since
 * 1970 (UTC). `to` includes its whole day.
 */
export function packSearch(input: SearchInput): string {
  const action = input.action?.trim().toLowerCase() || null;
  if (action && !ACTION.test(action)) {
    throw new UserError({
      identifier: 'BadAction',
      message: `\`${action.slice(0, 30)}\` is not an action: use a name such as \`message_delete\`, \`role_update\` or \`ban\` (letters and _ only).`,
    });
  }
  const from = input.from ? parseDay(input.from, 'from') : null;
  const to = input.to ? parseDay(input.to, 'to') : null;
  if (from !== null && to !== null && from > to) {
    throw new UserError({
      identifier: 'DateRangeReversed',
      message: `The date range is the wrong way round: **from** ${input.from} is after **to** ${input.to}. Swap them and try again.`,
    });
  }
  const category = input.category ? CATEGORIES.indexOf(input.category) : -1;
  return [input.memberId ?? '', category >= 0 ? String(category) : '', action ?? '', from ?? '', to ?? ''].join('|');
}

export function unpackSearch(guildId: string, state: string): AuditSearch {
  const [memberId, category, action, from, to] = state.split('|');
  return {
    guildId,
    memberId: memberId || undefined,
    category: category ? CATEGORIES[Number(category)] : undefined,
    action: action || undefined,
    from: from ? new Date(Number(from) * DAY_MS) : undefined,
    to: to ? new Date((Number(to) + 1) * DAY_MS) : undefined,
  };
}
