import type { DataSource } from 'typeorm';

/** The seed's per-member counters. */
export const MEMBER_COUNTERS = [
  'commandsUsed',
  'ticketsClosed',
  'messagesDeleted',
  'usersBanned',
  'usersUnbanned',
  'warningsGiven',
] as const;
export type MemberCounter = (typeof MEMBER_COUNTERS)[number];

/** A guild's counters per day (the time series). */
export const DAY_COUNTERS = ['messages', 'commands', 'ticketsOpened', 'ticketsClosed', 'moderationActions'] as const;
export type DayCounter = (typeof DAY_COUNTERS)[number];

type MemberDelta = { guildId: string; userId: string; lastActive: Date } & Record<MemberCounter, number>;
type DayDelta = { guildId: string; day: string } & Record<DayCounter, number>;

export interface MemberStatistics extends Record<MemberCounter, number> {
  lastActive: Date | null;
  /** 1-based place by commands used; null without any. */
  commandsRank: number | null;
}

export type DaySeries = ({ day: string } & Record<DayCounter, number>)[];

export interface StatisticsServiceDependencies {
  dataSource: DataSource;
  /** Whether counting is on in the guild (synchronous: it runs for every message). */
  counting: (guildId: string) => boolean;
  clock: () => Date;
  /** How often the counted deltas are written. */
  flushEveryMs: number;
  logger: { warn(...values: unknown[]): void };
}

/** The timer writes members who were only active (no counter changed) every this many flushes. */
const ACTIVE_ONLY_EVERY = 12;

const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Statistics counted off the hot path: events only add to in-memory deltas (a map lookup), and a timer writes them
 * in one upsert per table. A crash loses at most `flushEveryMs` of counts; reads flush first, so they see everything.
 */
export class StatisticsService {
  /** Guild id → member id → delta, and guild id → UTC day → delta: lookups per message, no key string built. */
  private members = new Map<string, Map<string, MemberDelta>>();
  private days = new Map<string, Map<string, DayDelta>>();
  private timer: NodeJS.Timeout | undefined;
  private flushes = 0;
  private flushing: Promise<void> = Promise.resolve();

  public constructor(private readonly deps: StatisticsServiceDependencies) {}

  public start(): void {
    this.timer ??= setInterval(() => void this.flush({ onlyActiveEvery: ACTIVE_ONLY_EVERY }), this.deps.flushEveryMs);
    this.timer.unref();
  }

  public async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Counts one for a member (and marks them active). */
  public countMember(guildId: string, userId: string, counter: MemberCounter | null, amount = 1): void {
    if (!this.deps.counting(guildId)) return;
    const delta = this.memberDelta(guildId, userId);
    delta.lastActive = this.deps.clock();
    if (counter) delta[counter] += amount;
  }

  /** The hot path: a member's message counts for the day and marks them active, with one clock read. */
  public countMessage(guildId: string, userId: string): void {
    if (!this.deps.counting(guildId)) return;
    const now = this.deps.clock();
    this.dayDelta(guildId, this.dayOf(now)).messages += 1;
    this.memberDelta(guildId, userId).lastActive = now;
  }

  /** Counts one for the guild today (UTC). */
  public countDay(guildId: string, counter: DayCounter, amount = 1): void {
    if (!this.deps.counting(guildId)) return;
    this.dayDelta(guildId, this.dayOf(this.deps.clock()))[counter] += amount;
  }

  private currentDay = { day: '', startsAt: 0, endsAt: 0 };

  /** The UTC day of `now`, remembered until the day ends (no date formatting per message). */
  private dayOf(now: Date): string {
    const time = now.getTime();
    if (time < this.currentDay.startsAt || time >= this.currentDay.endsAt) {
      const startsAt = time - (time % 86_400_000);
      this.currentDay = { day: utcDay(now), startsAt, endsAt: startsAt + 86_400_000 };
    }
    return this.currentDay.day;
  }

  /** The member's pending delta, created with zeros (its lastActive set by the caller). */
  private memberDelta(guildId: string, userId: string): MemberDelta {
    let guildMembers = this.members.get(guildId);
    if (!guildMembers) this.members.set(guildId, (guildMembers = new Map()));
    let delta = guildMembers.get(userId);
    if (!delta)
      guildMembers.set(userId, (delta = { guildId, userId, lastActive: new Date(0), ...zeros(MEMBER_COUNTERS) }));
    return delta;
  }

  private dayDelta(guildId: string, day: string): DayDelta {
    let guildDays = this.days.get(guildId);
    if (!guildDays) this.days.set(guildId, (guildDays = new Map()));
    let delta = guildDays.get(day);
    if (!delta) guildDays.set(day, (delta = { guildId, day, ...zeros(DAY_COUNTERS) }));
    return delta;
  }

  /**
   * Writes the counted deltas; one flush at a time, each taking what was counted until it started. The timer's
   * flushes write members who were only active (no counter changed) every `onlyActiveEvery`-th time: on a busy server
   * those are most members, and lastActive does not need to be fresher than that in the table (reads flush all).
   */
  public flush({ onlyActiveEvery = 1 } = {}): Promise<void> {
    this.flushing = this.flushing.then(() => this.write(++this.flushes % onlyActiveEvery === 0));
    return this.flushing;
  }

  private async write(everyone: boolean): Promise<void> {
    const members: MemberDelta[] = [];
    for (const [guildId, guildMembers] of this.members) {
      for (const [userId, delta] of guildMembers) {
        if (!everyone && MEMBER_COUNTERS.every((counter) => delta[counter] === 0)) continue;
        members.push(delta);
        guildMembers.delete(userId);
      }
      if (guildMembers.size === 0) this.members.delete(guildId);
    }
    const days = [...this.days.values()].flatMap((guildDays) => [...guildDays.values()]);
    this.days = new Map();
    try {
      if (members.length) await this.writeMembers(members);
      if (days.length) await this.writeDays(days);
    } catch (error) {
      // Counted again on the next flush: the deltas go back in the maps, merged with what came meanwhile.
      this.deps.logger.warn('Statistics: writing counters failed, retrying on the next flush:', error);
      for (const delta of members) this.mergeMember(delta);
      for (const delta of days) {
        const current = this.dayDelta(delta.guildId, delta.day);
        for (const counter of DAY_COUNTERS) current[counter] += delta[counter];
      }
    }
  }

  private mergeMember(delta: MemberDelta) {
    const current = this.memberDelta(delta.guildId, delta.userId);
    if (current.lastActive < delta.lastActive) current.lastActive = delta.lastActive;
    for (const counter of MEMBER_COUNTERS) current[counter] += delta[counter];
  }

  /**
   * Adds the members' deltas and moves each member whose command count changed to its new bucket of the commands
   * histogram, in one transaction. The old count is the new one less the delta (the upsert's row lock makes that
   * exact under concurrent flushes); rows go in key order so concurrent flushes lock in the same order.
   */
  private async writeMembers(members: MemberDelta[]) {
    members.sort((a, b) =>
      a.guildId === b.guildId ? compareIds(a.userId, b.userId) : compareIds(a.guildId, b.guildId),
    );
    const columns = MEMBER_COUNTERS.map(snake);
    await this.deps.dataSource.transaction(async (manager) => {
      const updated: { guildId: string; userId: string; commandsUsed: number }[] = await manager.query(
        `INSERT INTO profile_statistics (guild_id, user_id, last_active, ${columns.join(', ')})
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], ${columns.map((_, index) => `$${index + 4}::int[]`).join(', ')})
         ON CONFLICT (guild_id, user_id) DO UPDATE SET
           last_active = GREATEST(profile_statistics.last_active, EXCLUDED.last_active),
           ${columns.map((column) => `${column} = profile_statistics.${column} + EXCLUDED.${column}`).join(', ')}
         RETURNING guild_id AS "guildId", user_id AS "userId", commands_used AS "commandsUsed"`,
        [
          members.map((delta) => delta.guildId),
          members.map((delta) => delta.userId),
          members.map((delta) => delta.lastActive.toISOString()),
          ...MEMBER_COUNTERS.map((counter) => members.map((delta) => delta[counter])),
        ],
      );
      const added = new Map(members.map((delta) => [`${delta.guildId}:${delta.userId}`, delta.commandsUsed]));
      const buckets = new Map<string, { guildId: string; commandsUsed: number; members: number }>();
      const move = (guildId: string, commandsUsed: number, change: number) => {
        if (commandsUsed <= 0) return;
        const key = `${guildId}:${commandsUsed}`;
        const bucket = buckets.get(key) ?? { guildId, commandsUsed, members: 0 };
        bucket.members += change;
        buckets.set(key, bucket);
      };
      for (const row of updated) {
        const delta = added.get(`${row.guildId}:${row.userId}`) ?? 0;
        if (delta === 0) continue;
        move(row.guildId, row.commandsUsed - delta, -1);
        move(row.guildId, row.commandsUsed, 1);
      }
      const changes = [...buckets.values()]
        .filter((bucket) => bucket.members !== 0)
        .sort((a, b) => compareIds(a.guildId, b.guildId) || a.commandsUsed - b.commandsUsed);
      if (changes.length === 0) return;
      await manager.query(
        `INSERT INTO profile_commands_histogram (guild_id, commands_used, members)
         SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[])
         ON CONFLICT (guild_id, commands_used) DO UPDATE SET members = profile_commands_histogram.members + EXCLUDED.members`,
        [
          changes.map((bucket) => bucket.guildId),
          changes.map((bucket) => bucket.commandsUsed),
          changes.map((bucket) => bucket.members),
        ],
      );
    });
  }

  private async writeDays(days: DayDelta[]) {
    const columns = DAY_COUNTERS.map(snake);
    await this.deps.dataSource.query(
      `INSERT INTO profile_daily_statistics (guild_id, day, ${columns.join(', ')})
       SELECT * FROM unnest($1::bigint[], $2::date[], ${columns.map((_, index) => `$${index + 3}::int[]`).join(', ')})
       ON CONFLICT (guild_id, day) DO UPDATE SET
         ${columns.map((column) => `${column} = profile_daily_statistics.${column} + EXCLUDED.${column}`).join(', ')}`,
      [
        days.map((delta) => delta.guildId),
        days.map((delta) => delta.day),
        ...DAY_COUNTERS.map((counter) => days.map((delta) => delta[counter])),
      ],
    );
  }

  /** A member's counters and place by commands used (from the commands histogram: a short primary-key range). */
  public async ofMember(guildId: string, userId: string): Promise<MemberStatistics> {
    await this.flush();
    const rows: (Record<string, number | Date | null> & { rank: string | null })[] = await this.deps.dataSource.query(
      `SELECT s.last_active AS "lastActive", ${MEMBER_COUNTERS.map((counter) => `s.${snake(counter)} AS "${counter}"`).join(', ')},
              CASE WHEN s.commands_used > 0 THEN (SELECT COALESCE(sum(h.members), 0) + 1 FROM profile_commands_histogram h
                WHERE h.guild_id = s.guild_id AND h.commands_used > s.commands_used) END AS rank
       FROM profile_statistics s WHERE s.guild_id = $1 AND s.user_id = $2`,
      [guildId, userId],
    );
    const row = rows[0];
    const counters = Object.fromEntries(MEMBER_COUNTERS.map((counter) => [counter, Number(row?.[counter] ?? 0)]));
    return {
      ...(counters as Record<MemberCounter, number>),
      lastActive: (row?.lastActive as Date | null | undefined) ?? null,
      commandsRank: row?.rank ? Number(row.rank) : null,
    };
  }

  /** The guild's last `count` days (today included, UTC), zeros where nothing was counted. */
  public async series(guildId: string, count = 30): Promise<DaySeries> {
    await this.flush();
    const today = this.deps.clock();
    const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (count - 1)));
    const rows: ({ day: string } & Record<DayCounter, number>)[] = await this.deps.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${DAY_COUNTERS.map((counter) => `${snake(counter)} AS "${counter}"`).join(', ')}
       FROM profile_daily_statistics WHERE guild_id = $1 AND day >= $2::date ORDER BY day`,
      [guildId, utcDay(first)],
    );
    const byDay = new Map(rows.map((row) => [row.day, row]));
    return Array.from({ length: count }, (_, index) => {
      const day = utcDay(new Date(first.getTime() + index * 86_400_000));
      const row = byDay.get(day);
      return {
        day,
        ...(Object.fromEntries(DAY_COUNTERS.map((counter) => [counter, Number(row?.[counter] ?? 0)])) as Record<
          DayCounter,
          number
        >),
      };
    });
  }

  /** Commands used in the guild since counting began: a sum over its daily rows (a primary-key range), not its members. */
  public async allTimeCommands(guildId: string): Promise<number> {
    await this.flush();
    const [row] = (await this.deps.dataSource.query(
      'SELECT COALESCE(sum(commands), 0)::int AS commands FROM profile_daily_statistics WHERE guild_id = $1',
      [guildId],
    )) as { commands: number }[];
    return row!.commands;
  }
}

/** Orders snowflakes numerically. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function zeros<const Keys extends readonly string[]>(keys: Keys): Record<Keys[number], number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<Keys[number], number>;
}
