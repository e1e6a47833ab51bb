import { UserError } from '@sapphire/framework';

/** A member's local date and time in an IANA zone. */
export interface LocalMoment {
  year: number;
  month: number;
  day: number;
  /** Seconds since the local midnight. */
  secondsIntoDay: number;
}

/** Whether Intl knows the zone (`Europe/Paris`, `Asia/Kathmandu`…). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone as Intl spells it, or a clear refusal. */
export function parseTimeZone(text: string): string {
  const zone = text.trim();
  if (!zone || !isTimeZone(zone)) {
    throw new UserError({
      identifier: 'UnknownTimeZone',
      message: `\`${zone.slice(0, 40)}\` is not a time zone I know: use an IANA name like \`Europe/Paris\`, \`America/New_York\` or \`Asia/Kolkata\`.`,
    });
  }
  // The member's spelling, with the case of a zone Intl lists (Intl's canonical names are older: Asia/Calcutta).
  const lower = zone.toLowerCase();
  return Intl.supportedValuesOf('timeZone').find((known) => known.toLowerCase() === lower) ?? zone;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `MM-DD` or `YYYY-MM-DD` as the stored `YYYY-MM-DD` (year 2000 when not given); impossible dates are refused. */
export function parseBirthday(text: string, today: Date): string {
  const match = /^(?:(\d{4})-)?(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const refuse = () =>
    new UserError({
      identifier: 'BadBirthday',
      message: `\`${text.trim().slice(0, 20)}\` is not a date: use \`MM-DD\` (e.g. \`03-15\`) or \`YYYY-MM-DD\`.`,
    });
  if (!match) throw refuse();
  const year = match[1] ? Number(match[1]) : 2000;
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) throw refuse();
  if (month === 2 && day === 29 && !isLeapYear(year)) throw refuse();
  if (match[1] && (year < 1900 || new Date(Date.UTC(year, month - 1, day)) > today)) {
    throw new UserError({ identifier: 'BadBirthday', message: 'That birthday is not in the past.' });
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The local date and time at `now` in `zone`. */
export function localMoment(now: Date, zone: string): LocalMoment {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    secondsIntoDay: parts.hour * 3600 + parts.minute * 60 + parts.second,
  };
}

/** Whether the local date is the birthday; 29 February is celebrated on 28 February in other years. */
export function isBirthday(local: LocalMoment, birthday: string): boolean {
  const month = Number(birthday.slice(5, 7));
  const day = Number(birthday.slice(8, 10));
  if (month === 2 && day === 29 && !isLeapYear(local.year)) return local.month === 2 && local.day === 28;
  return local.month === month && local.day === day;
}
