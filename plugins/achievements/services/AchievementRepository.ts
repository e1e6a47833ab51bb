import type { DataSource, EntityManager } from 'typeorm';
import { Achievement, AchievementType } from '../entities/Achievement';
import { Badge, BadgeSource } from '../entities/Badge';
import { DEFAULT_ACHIEVEMENTS } from './defaults';
import type { AchievementDefinition, AchievementInput } from './types';

/** The counted types and their column in `achievement_member`: a whitelist, so no input reaches the SQL text. */
export const COUNTER_COLUMNS = {
  [AchievementType.MESSAGES]: 'messages',
  [AchievementType.TICKETS]: 'tickets',
  [AchievementType.HELP]: 'help',
  [AchievementType.MODERATION]: 'moderation',
} as const;
export type CountedType = keyof typeof COUNTER_COLUMNS;

export function isCounted(type: AchievementType): type is CountedType {
  return Object.hasOwn(COUNTER_COLUMNS, type);
}

/** One unlock that just happened (the statement that inserted it is the only one to see it). */
export interface UnlockRow {
  achievement: AchievementDefinition;
  userId: string;
  unlockedAt: Date;
  /** The badge the member received with it (null if they somehow held it already). */
  badge: { id: number; name: string; icon: string } | null;
}

/** A member's count of something, in a guild. */
export interface MemberCount {
  guildId: string;
  userId: string;
  count: number;
}

export interface MemberCounters {
  messages: number;
  tickets: number;
  help: number;
  moderation: number;
  earned: number;
}

export interface HeldBadge {
  id: number;
  name: string;
  icon: string;
  source: BadgeSource;
  /** The achievement it comes from, or the economy item's id. */
  achievementId: number | null;
  itemId: number | null;
  awardedAt: Date;
}

const DEADLOCK = '40P01';
const UNIQUE_VIOLATION = '23505';

/**
 * The advisory lock (two-int form; tickets use 7,001) between message batches, which hold it shared, and changes of
 * definitions, which hold it alone. A batch unlocks only what a count has just crossed, so a requirement lowered
 * while a batch was in flight must either be seen by that batch or find its counts stored when the retroactive job
 * reads them: with the lock, one of the two always happens.
 */
export const REQUIREMENTS_LOCK = [7_002, 0];

/** Parts of a message batch written side by side (see `storeMessageCounts`). */
const PARALLEL_GUILD_PARTS = 2;

/** Members in at most `parts` groups of whole guilds, of about as many members each (the largest guilds first). */
function splitByGuild(members: readonly MemberCount[], parts: number): MemberCount[][] {
  const byGuild = new Map<string, MemberCount[]>();
  for (const member of members) {
    let guild = byGuild.get(member.guildId);
    if (!guild) byGuild.set(member.guildId, (guild = []));
    guild.push(member);
  }
  const groups: MemberCount[][] = [];
  for (const guild of [...byGuild.values()].sort((a, b) => b.length - a.length)) {
    if (groups.length < parts) {
      groups.push([...guild]);
      continue;
    }
    groups.reduce((smallest, group) => (group.length < smallest.length ? group : smallest)).push(...guild);
  }
  return groups;
}

/**
 * Runs `attempt` again when PostgreSQL aborted it to break a deadlock (two multi-member statements locking member
 * rows in different orders), three times at most.
 */
async function retryingDeadlocks<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (errorCode(error) !== DEADLOCK || tries >= 3) throw error;
    }
  }
}

/** The driver's SQLSTATE of a failed query. */
export function errorCode(error: unknown): string | undefined {
  const value = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = value.driverError?.code ?? value.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return errorCode(error) === UNIQUE_VIOLATION;
}

const ACHIEVEMENT_COLUMNS =
  'a.id, a.guild_id::text AS guild_id, a.name, a.description, a.type, a.requirement, a.reward, a.icon, a.hidden';

interface AchievementRow {
  id: number;
  guild_id: string;
  name: string;
  description: string;
  type: AchievementType;
  requirement: number;
  reward: number;
  icon: string;
  hidden: boolean;
}

function toDefinition(row: AchievementRow): AchievementDefinition {
  return {
    id: row.id,
    guildId: row.guild_id,
    name: row.name,
    description: row.description,
    type: row.type,
    requirement: row.requirement,
    reward: row.reward,
    icon: row.icon,
    hidden: row.hidden,
  };
}

/**
 * The board's first tie-break: members with the same number of achievements are ordered by `user_id % BOARD_BUCKETS`
 * (then by user id). Spelled as a literal in every statement, so they match the expression index
 * `achievement_member_board` (whose migration says 251 too).
 */
export const BOARD_BUCKETS = 251;
const BUCKET = (alias: string) => `(${alias}.user_id % ${BOARD_BUCKETS})`;

/**
 * CTEs that move members on the board's histogram (`achievement_board_count`, `achievement_board_bucket`), after a
 * CTE `moved (guild_id, user_id, old_earned, new_earned)` returned by the statement that changed their `earned` —
 * so the histogram changes in the same statement, from the rows that statement locked (the old count is exact
 * under concurrent changes). Every statement that changes `earned` ends with this same fragment: members' rows are
 * locked first, then histogram rows in key order, one table after the other, so two such statements cannot wait
 * on each other's histogram rows in a cycle.
 */
const BOARD_MOVES = `
    board_delta AS (
      SELECT guild_id, earned, bucket, sum(delta)::int AS delta FROM (
        SELECT mv.guild_id, mv.old_earned AS earned, ${BUCKET('mv')} AS bucket, -1 AS delta FROM moved mv WHERE mv.old_earned > 0
        UNION ALL
        SELECT mv.guild_id, mv.new_earned, ${BUCKET('mv')}, 1 FROM moved mv WHERE mv.new_earned > 0) d
      GROUP BY guild_id, earned, bucket HAVING sum(delta) <> 0),
    board_bucket AS (
      INSERT INTO achievement_board_bucket (guild_id, earned, bucket, members)
      SELECT guild_id, earned, bucket, delta FROM board_delta ORDER BY guild_id, earned, bucket
      ON CONFLICT (guild_id, earned, bucket)
        DO UPDATE SET members = achievement_board_bucket.members + EXCLUDED.members),
    board_count AS (
      INSERT INTO achievement_board_count (guild_id, earned, members)
      SELECT guild_id, earned, sum(delta)::int FROM board_delta GROUP BY guild_id, earned HAVING sum(delta) <> 0
      ORDER BY guild_id, earned
      ON CONFLICT (guild_id, earned) DO UPDATE SET members = achievement_board_count.members + EXCLUDED.members)`;

/**
 * Candidates of the achievements of `type` that members' counters reach: members given as two arrays ($2 guild ids,
 * $3 user ids; guilds may differ), only achievement $4 when it is not null, those already unlocked left out ($1 is
 * the type).
 */
const reachedCandidates = (type: CountedType) => `SELECT m.guild_id, a.id AS achievement_id, m.user_id,
    NULL::bigint AS granted_by
  FROM unnest($2::bigint[], $3::bigint[]) AS w(guild_id, user_id)
  JOIN achievement_member m ON m.guild_id = w.guild_id AND m.user_id = w.user_id
  JOIN achievement a ON a.guild_id = m.guild_id AND a.type = $1::achievement_type
    AND a.requirement <= m.${COUNTER_COLUMNS[type]}
  WHERE ($4::int IS NULL OR a.id = $4::int)
    AND NOT EXISTS (SELECT 1 FROM achievement_unlock u WHERE u.achievement_id = a.id AND u.user_id = m.user_id)`;

/**
 * The end of every unlock statement, after CTEs `unlocked` (the rows it inserted into `achievement_unlock`) and
 * `moved`: the board's histogram, the achievements' badges, and the unlocks with their achievement and badge.
 */
const UNLOCKED_RESULT = `${BOARD_MOVES},
    badged AS (
      INSERT INTO member_badge (badge_id, user_id, guild_id)
      SELECT b.id, u.user_id, u.guild_id FROM unlocked u JOIN badge b ON b.achievement_id = u.achievement_id
      ON CONFLICT DO NOTHING
      RETURNING badge_id, user_id)
    SELECT ${ACHIEVEMENT_COLUMNS}, u.user_id::text AS user_id, u.unlocked_at,
           bd.badge_id, b.name AS badge_name, b.icon AS badge_icon
    FROM unlocked u
    JOIN achievement a ON a.id = u.achievement_id
    LEFT JOIN badge b ON b.achievement_id = u.achievement_id
    LEFT JOIN badged bd ON bd.badge_id = b.id AND bd.user_id = u.user_id`;

/**
 * The unlock statement, after a `candidates (guild_id, achievement_id, user_id, granted_by)` query: inserts the
 * unlocks that are not there yet (the primary key settles races between statements and processes), counts them on
 * the members' rows and the board's histogram, and hands out the achievements' badges — all in one statement, so either all of it happened or
 * none. Candidates may span guilds (a levels flush covers every guild at once).
 */
function unlockStatement(candidates: string): string {
  return `WITH candidates AS (${candidates}),
    unlocked AS (
      INSERT INTO achievement_unlock (achievement_id, user_id, guild_id, granted_by)
      SELECT c.achievement_id, c.user_id, c.guild_id, c.granted_by FROM candidates c
      ON CONFLICT DO NOTHING
      RETURNING achievement_id, user_id, guild_id, unlocked_at),
    moved AS (
      UPDATE achievement_member m SET earned = m.earned + n.unlocked
      FROM (SELECT guild_id, user_id, count(*)::int AS unlocked FROM unlocked GROUP BY guild_id, user_id) n
      WHERE m.guild_id = n.guild_id AND m.user_id = n.user_id
      RETURNING m.guild_id, m.user_id, m.earned - n.unlocked AS old_earned, m.earned AS new_earned),${UNLOCKED_RESULT}`;
}

/**
 * The message counts of a levels flush in, their unlocks out: members' counts ($1 guild ids, $2 user ids, $3 counts)
 * are stored and the MESSAGES achievements each count has just crossed (above the count stored before, up to the
 * new one) are unlocked — in one statement that writes each member's row once, with its count and its earned total
 * together. `stored` reads the rows as they were before the statement (one snapshot for the whole WITH).
 */
const STORE_MESSAGE_COUNTS = `WITH incoming AS (
      SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[]) AS w(guild_id, user_id, messages)),
    stored AS (
      SELECT m.guild_id, m.user_id, m.messages FROM achievement_member m
      JOIN incoming w ON w.guild_id = m.guild_id AND w.user_id = m.user_id),
    unlocked AS (
      INSERT INTO achievement_unlock (achievement_id, user_id, guild_id)
      SELECT a.id, w.user_id, w.guild_id FROM incoming w
      LEFT JOIN stored s ON s.guild_id = w.guild_id AND s.user_id = w.user_id
      JOIN achievement a ON a.guild_id = w.guild_id AND a.type = 'MESSAGES'
        AND a.requirement > coalesce(s.messages, 0) AND a.requirement <= w.messages
      ON CONFLICT DO NOTHING
      RETURNING achievement_id, user_id, guild_id, unlocked_at),
    earned AS (SELECT guild_id, user_id, count(*)::int AS unlocked FROM unlocked GROUP BY guild_id, user_id),
    copied AS (
      INSERT INTO achievement_member (guild_id, user_id, messages, earned)
      SELECT w.guild_id, w.user_id, w.messages, coalesce(e.unlocked, 0) FROM incoming w
      LEFT JOIN earned e ON e.guild_id = w.guild_id AND e.user_id = w.user_id
      ON CONFLICT (guild_id, user_id) DO UPDATE
        SET messages = EXCLUDED.messages, earned = achievement_member.earned + EXCLUDED.earned
        WHERE achievement_member.messages IS DISTINCT FROM EXCLUDED.messages OR EXCLUDED.earned > 0
      RETURNING guild_id, user_id, earned),
    moved AS (
      SELECT c.guild_id, c.user_id, c.earned - e.unlocked AS old_earned, c.earned AS new_earned
      FROM copied c JOIN earned e ON e.guild_id = c.guild_id AND e.user_id = c.user_id),${UNLOCKED_RESULT}`;

type UnlockResultRow = AchievementRow & {
  user_id: string;
  unlocked_at: Date;
  badge_id: number | null;
  badge_name: string | null;
  badge_icon: string | null;
};

function toUnlock(row: UnlockResultRow): UnlockRow {
  return {
    achievement: toDefinition(row),
    userId: row.user_id,
    unlockedAt: new Date(row.unlocked_at),
    badge: row.badge_id === null ? null : { id: row.badge_id, name: row.badge_name!, icon: row.badge_icon! },
  };
}

/**
 * Achievements' SQL: definitions, counters, unlocks, badges and the board. Statements that return rows from an
 * UPDATE or DELETE wrap it in `WITH … SELECT`: TypeORM's `query` answers a bare one with `[rows, count]`.
 */
export class AchievementRepository {
  public constructor(private readonly dataSource: DataSource) {}

  // Definitions ------------------------------------------------------------------------------------------------

  /**
   * Seeds the default set, with their badges, in each of these guilds that never had it (deleting a default keeps it
   * deleted): one statement for any number of guilds, since a levels flush may bring the first messages of many.
   * Returns the guilds seeded now.
   */
  public async ensureDefaults(guildIds: readonly string[]): Promise<string[]> {
    if (guildIds.length === 0) return [];
    const rows = await this.dataSource.query<{ guild_id: string }[]>(
      `WITH claimed AS (
         INSERT INTO achievement_once (guild_id, key)
         SELECT DISTINCT jsonb_array_elements_text($1::jsonb)::bigint, 'defaults'
         ON CONFLICT DO NOTHING RETURNING guild_id),
       seeded AS (
         INSERT INTO achievement (guild_id, name, description, type, requirement, reward, icon, hidden)
         SELECT claimed.guild_id, d.name, d.description, d.type::achievement_type, d.requirement, d.reward, d.icon,
                d.hidden
         FROM claimed CROSS JOIN jsonb_to_recordset($2::jsonb) AS d(name varchar, description varchar, type text,
           requirement int, reward int, icon varchar, hidden boolean)
         RETURNING id, guild_id, name, icon)
       , badges AS (
         INSERT INTO badge (guild_id, name, icon, source, achievement_id)
         SELECT guild_id, name, icon, 'ACHIEVEMENT', id FROM seeded)
       SELECT guild_id::text FROM claimed`,
      [JSON.stringify(guildIds), JSON.stringify(DEFAULT_ACHIEVEMENTS)],
    );
    return rows.map((row) => row.guild_id);
  }

  public async list(guildId: string): Promise<AchievementDefinition[]> {
    const rows = await this.dataSource.query<AchievementRow[]>(
      `SELECT ${ACHIEVEMENT_COLUMNS} FROM achievement a WHERE a.guild_id = $1
       ORDER BY array_position(ARRAY['MESSAGES','TICKETS','HELP','MODERATION','SPECIAL']::achievement_type[], a.type),
                a.requirement, a.name`,
      [guildId],
    );
    return rows.map(toDefinition);
  }

  /** By name, ignoring case. */
  public async findByName(guildId: string, name: string): Promise<AchievementDefinition | null> {
    const [row] = await this.dataSource.query<AchievementRow[]>(
      `SELECT ${ACHIEVEMENT_COLUMNS} FROM achievement a WHERE a.guild_id = $1 AND lower(a.name) = lower($2)`,
      [guildId, name.trim()],
    );
    return row ? toDefinition(row) : null;
  }

  public async byId(guildId: string, id: number): Promise<AchievementDefinition | null> {
    const [row] = await this.dataSource.query<AchievementRow[]>(
      `SELECT ${ACHIEVEMENT_COLUMNS} FROM achievement a WHERE a.guild_id = $1 AND a.id = $2`,
      [guildId, id],
    );
    return row ? toDefinition(row) : null;
  }

  /** Names starting with (then containing) what was typed, for autocomplete. */
  public async names(guildId: string, typed: string, limit = 25): Promise<string[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM achievement WHERE guild_id = $1 AND strpos(lower(name), lower($2)) > 0
       ORDER BY strpos(lower(name), lower($2)), name LIMIT $3`,
      [guildId, typed, limit],
    );
    return rows.map((row) => row.name);
  }

  /** Creates an achievement and its badge; `retroPending` when existing counters must be evaluated. */
  public async create(guildId: string, input: AchievementInput, retroPending: boolean): Promise<AchievementDefinition> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, $2)', REQUIREMENTS_LOCK);
      return this.insert(manager, guildId, input, retroPending);
    });
  }

  private async insert(
    manager: EntityManager,
    guildId: string,
    input: AchievementInput,
    retroPending = false,
  ): Promise<AchievementDefinition> {
    const saved = await manager.getRepository(Achievement).save({ guildId, ...input, retroPending });
    await manager.getRepository(Badge).insert({
      guildId,
      name: input.name,
      icon: input.icon,
      source: BadgeSource.ACHIEVEMENT,
      achievementId: saved.id,
    });
    return { id: saved.id, guildId, ...input };
  }

  /** Changes a definition (its badge follows name and icon). */
  public async update(
    guildId: string,
    id: number,
    patch: Partial<AchievementInput>,
    retroPending: boolean,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1, $2)', REQUIREMENTS_LOCK);
      await manager
        .getRepository(Achievement)
        .update({ guildId, id }, { ...patch, ...(retroPending ? { retroPending } : {}) });
      const badgePatch = { ...(patch.name ? { name: patch.name } : {}), ...(patch.icon ? { icon: patch.icon } : {}) };
      if (Object.keys(badgePatch).length > 0) {
        await manager.getRepository(Badge).update({ guildId, achievementId: id }, badgePatch);
      }
    });
  }

  /** Deletes an achievement with its unlocks and badge; members' earned counts go down. Returns how many held it. */
  public async remove(guildId: string, id: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const holders = await manager.query<{ user_id: string }[]>(
        `WITH moved AS (
           UPDATE achievement_member m SET earned = m.earned - 1
           FROM achievement_unlock u
           WHERE u.achievement_id = $2 AND m.guild_id = $1 AND m.user_id = u.user_id
           RETURNING m.guild_id, m.user_id, m.earned + 1 AS old_earned, m.earned AS new_earned),${BOARD_MOVES}
         SELECT user_id::text AS user_id FROM moved`,
        [guildId, id],
      );
      await manager.query('DELETE FROM achievement WHERE guild_id = $1 AND id = $2', [guildId, id]);
      return holders.length;
    });
  }

  /** The achievements still owed a retroactive evaluation (see `Achievement.retroPending`). */
  public async retroPending(guildId?: string): Promise<{ guildId: string; id: number }[]> {
    const rows = await this.dataSource.query<{ guild_id: string; id: number }[]>(
      `SELECT guild_id::text AS guild_id, id FROM achievement WHERE retro_pending AND ($1::bigint IS NULL OR guild_id = $1)`,
      [guildId ?? null],
    );
    return rows.map((row) => ({ guildId: row.guild_id, id: row.id }));
  }

  public async clearRetroPending(guildId: string, id: number): Promise<void> {
    await this.dataSource.query('UPDATE achievement SET retro_pending = false WHERE guild_id = $1 AND id = $2', [
      guildId,
      id,
    ]);
  }

  // Counters -----------------------------------------------------------------------------------------------------

  /**
   * Adds one to a member's counter of `type`. With `onceKey`, only the first call with that key in the guild counts
   * (claimed in the same statement). Returns the new value, or null when the key was already counted.
   */
  public async bump(guildId: string, userId: string, type: CountedType, onceKey?: string): Promise<number | null> {
    const column = COUNTER_COLUMNS[type];
    const rows = await this.dataSource.query<{ value: number }[]>(
      `WITH once AS (
         INSERT INTO achievement_once (guild_id, key) SELECT $1::bigint, $3::varchar WHERE $3::varchar IS NOT NULL
         ON CONFLICT DO NOTHING RETURNING key)
       INSERT INTO achievement_member (guild_id, user_id, ${column})
       SELECT $1::bigint, $2::bigint, 1 WHERE $3::varchar IS NULL OR EXISTS (SELECT 1 FROM once)
       ON CONFLICT (guild_id, user_id) DO UPDATE SET ${column} = achievement_member.${column} + 1
       RETURNING ${column} AS value`,
      [guildId, userId, onceKey ?? null],
    );
    return rows[0]?.value ?? null;
  }

  /**
   * Stores members' message counts (absolute, as levels counts them) and unlocks the MESSAGES achievements each count
   * has just crossed: above the count stored before, up to the new one. Looking only at crossings spares a lookup of
   * every member's unlocks on every flush (most members cross nothing); what a crossing cannot see — a requirement
   * lowered or created — is the retroactive job's (see {@link REQUIREMENTS_LOCK}). One statement per part: if the
   * unlocks fail, the counts are not stored either, so a retry crosses again.
   */
  public async storeMessageCounts(members: readonly MemberCount[]): Promise<UnlockRow[]> {
    if (members.length === 0) return [];
    // A flush brings tens of thousands of members, the unlocks of each costing several index writes: guilds split in
    // parts written side by side keep PostgreSQL on more than one core, and share no row (every table is by guild).
    const parts = await Promise.all(
      splitByGuild(members, PARALLEL_GUILD_PARTS).map((part) => this.storeGuildPart(part)),
    );
    return parts.flat();
  }

  /** {@link storeMessageCounts} for members of guilds no concurrent call has. */
  private storeGuildPart(members: readonly MemberCount[]): Promise<UnlockRow[]> {
    return retryingDeadlocks(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock_shared($1, $2)', REQUIREMENTS_LOCK);
        const rows = await manager.query<UnlockResultRow[]>(STORE_MESSAGE_COUNTS, [
          members.map((m) => m.guildId),
          members.map((m) => m.userId),
          members.map((m) => m.count),
        ]);
        return rows.map(toUnlock);
      }),
    );
  }

  public async counters(guildId: string, userId: string): Promise<MemberCounters> {
    const [row] = await this.dataSource.query<MemberCounters[]>(
      'SELECT messages, tickets, help, moderation, earned FROM achievement_member WHERE guild_id = $1 AND user_id = $2',
      [guildId, userId],
    );
    return row ?? { messages: 0, tickets: 0, help: 0, moderation: 0, earned: 0 };
  }

  /** Members whose counter of `type` reaches `requirement`, by user id after `afterUserId` (keyset batches). */
  public async membersReaching(
    guildId: string,
    type: CountedType,
    requirement: number,
    afterUserId: string,
    limit: number,
  ): Promise<string[]> {
    const column = COUNTER_COLUMNS[type];
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id::text AS user_id FROM achievement_member
       WHERE guild_id = $1 AND user_id > $2 AND ${column} >= $3 ORDER BY user_id LIMIT $4`,
      [guildId, afterUserId, requirement, limit],
    );
    return rows.map((row) => row.user_id);
  }

  // Tickets ------------------------------------------------------------------------------------------------------

  /** Remembers who claimed a ticket (the latest claim wins). */
  public async recordClaim(guildId: string, ticketId: number, agentId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO achievement_ticket_claim (guild_id, ticket_id, agent_id) VALUES ($1, $2, $3)
       ON CONFLICT (guild_id, ticket_id) DO UPDATE SET agent_id = EXCLUDED.agent_id`,
      [guildId, ticketId, agentId],
    );
  }

  /** Takes (and forgets) who claimed a ticket, so a ticket closed twice credits its agent once. */
  public async takeClaim(guildId: string, ticketId: number): Promise<string | null> {
    const rows = await this.dataSource.query<{ agent_id: string }[]>(
      `WITH taken AS (DELETE FROM achievement_ticket_claim WHERE guild_id = $1 AND ticket_id = $2 RETURNING agent_id)
       SELECT agent_id::text AS agent_id FROM taken`,
      [guildId, ticketId],
    );
    return rows[0]?.agent_id ?? null;
  }

  // Unlocks ------------------------------------------------------------------------------------------------------

  /**
   * Unlocks every achievement of `type` that these members' counters reach (or only `achievementId`); the members
   * may belong to different guilds.
   */
  public async unlockReached(
    type: CountedType,
    members: readonly { guildId: string; userId: string }[],
    achievementId?: number,
  ): Promise<UnlockRow[]> {
    if (members.length === 0) return [];
    return this.unlock(reachedCandidates(type), [
      type,
      members.map((m) => m.guildId),
      members.map((m) => m.userId),
      achievementId ?? null,
    ]);
  }

  /** Unlocks an achievement by hand; null when the member already has it. */
  public async grant(
    guildId: string,
    achievementId: number,
    userId: string,
    actorId: string,
  ): Promise<UnlockRow | null> {
    await this.dataSource.query(
      'INSERT INTO achievement_member (guild_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [guildId, userId],
    );
    const [row] = await this.unlock(
      `SELECT $1::bigint AS guild_id, $2::int AS achievement_id, $3::bigint AS user_id, $4::bigint AS granted_by`,
      [guildId, achievementId, userId, actorId],
    );
    return row ?? null;
  }

  private async unlock(candidates: string, parameters: unknown[]): Promise<UnlockRow[]> {
    const rows = await retryingDeadlocks(() =>
      this.dataSource.query<UnlockResultRow[]>(unlockStatement(candidates), parameters),
    );
    return rows.map(toUnlock);
  }

  /** Takes an achievement back (and its badge, and its place on the board); false when the member did not have it. */
  public async revoke(guildId: string, achievementId: number, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      `WITH removed AS (
         DELETE FROM achievement_unlock WHERE guild_id = $1 AND achievement_id = $2 AND user_id = $3 RETURNING user_id),
       unbadged AS (
         DELETE FROM member_badge WHERE user_id = $3 AND EXISTS (SELECT 1 FROM removed)
           AND badge_id IN (SELECT id FROM badge WHERE achievement_id = $2)),
       moved AS (
         UPDATE achievement_member SET earned = earned - 1
         WHERE guild_id = $1 AND user_id = $3 AND EXISTS (SELECT 1 FROM removed)
         RETURNING guild_id, user_id, earned + 1 AS old_earned, earned AS new_earned),${BOARD_MOVES}
       SELECT user_id::text AS user_id FROM removed`,
      [guildId, achievementId, userId],
    );
    return rows.length > 0;
  }

  /** When the member unlocked each of their achievements, by achievement id. */
  public async unlocksOf(guildId: string, userId: string): Promise<Map<number, Date>> {
    const rows = await this.dataSource.query<{ achievement_id: number; unlocked_at: Date }[]>(
      'SELECT achievement_id, unlocked_at FROM achievement_unlock WHERE guild_id = $1 AND user_id = $2',
      [guildId, userId],
    );
    return new Map(rows.map((row) => [row.achievement_id, new Date(row.unlocked_at)]));
  }

  // Badges -------------------------------------------------------------------------------------------------------

  public async badgesOf(guildId: string, userId: string): Promise<HeldBadge[]> {
    const rows = await this.dataSource.query<
      {
        id: number;
        name: string;
        icon: string;
        source: BadgeSource;
        achievement_id: number | null;
        item_id: number | null;
        awarded_at: Date;
      }[]
    >(
      `SELECT b.id, b.name, b.icon, b.source, b.achievement_id, b.item_id, mb.awarded_at
       FROM member_badge mb JOIN badge b ON b.id = mb.badge_id
       WHERE mb.guild_id = $1 AND mb.user_id = $2 ORDER BY mb.awarded_at, b.id`,
      [guildId, userId],
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      icon: row.icon,
      source: row.source,
      achievementId: row.achievement_id,
      itemId: row.item_id,
      awardedAt: new Date(row.awarded_at),
    }));
  }

  /**
   * Makes the member's item badges match the BADGE items they own: a badge per item (created on first sight), held
   * while owned. Returns the badges newly held.
   */
  public async syncItemBadges(
    guildId: string,
    userId: string,
    items: readonly { id: number; name: string }[],
    icon: string,
  ): Promise<{ id: number; name: string; icon: string }[]> {
    return this.dataSource.transaction(async (manager) => {
      const badges = await manager.query<{ id: number; name: string; icon: string }[]>(
        `INSERT INTO badge (guild_id, name, icon, source, item_id)
         SELECT $1::bigint, i.name, $4::varchar, 'ITEM', i.item_id FROM unnest($2::int[], $3::varchar[]) AS i(item_id, name)
         ON CONFLICT (guild_id, item_id) WHERE item_id IS NOT NULL DO UPDATE SET name = EXCLUDED.name
         RETURNING id, name, icon`,
        [guildId, items.map((item) => item.id), items.map((item) => item.name.slice(0, 64)), icon],
      );
      const ids = badges.map((badge) => badge.id);
      await manager.query(
        `DELETE FROM member_badge mb USING badge b
         WHERE mb.badge_id = b.id AND b.source = 'ITEM' AND mb.guild_id = $1 AND mb.user_id = $2
           AND NOT (mb.badge_id = ANY($3::int[]))`,
        [guildId, userId, ids],
      );
      const added = await manager.query<{ badge_id: number }[]>(
        `INSERT INTO member_badge (badge_id, user_id, guild_id) SELECT unnest($3::int[]), $2::bigint, $1::bigint
         ON CONFLICT DO NOTHING RETURNING badge_id`,
        [guildId, userId, ids],
      );
      const addedIds = new Set(added.map((row) => row.badge_id));
      return badges.filter((badge) => addedIds.has(badge.id));
    });
  }

  // Board --------------------------------------------------------------------------------------------------------
  //
  // Order: earned DESC, (user_id % BOARD_BUCKETS) DESC, user_id DESC — a total order, so a member's rank is their
  // position on the pages. Ties are the rule (few distinct counts, many members), so neither rank nor page counts
  // the members ahead one by one: the histogram sums them by count (`achievement_board_count`) and, among equals, by
  // bucket (`achievement_board_bucket`), and only the last bucket (members/251 rows) is read from the index.

  /** One page of the board, best first: the histogram finds where `offset` falls, the index reads from there. */
  public async boardPage(
    guildId: string,
    offset: number,
    limit: number,
  ): Promise<{ userId: string; earned: number }[]> {
    const rows = await this.dataSource.query<{ user_id: string; earned: number }[]>(
      `WITH counts AS (
         SELECT earned, members, sum(members) OVER (ORDER BY earned DESC) - members AS ahead
         FROM achievement_board_count WHERE guild_id = $1 AND members > 0),
       tier AS (SELECT earned, $2 - ahead AS skip FROM counts WHERE ahead <= $2 AND $2 < ahead + members),
       buckets AS (
         SELECT b.bucket, b.members, t.skip, sum(b.members) OVER (ORDER BY b.bucket DESC) - b.members AS ahead
         FROM achievement_board_bucket b JOIN tier t ON b.earned = t.earned
         WHERE b.guild_id = $1 AND b.members > 0),
       start AS (SELECT bucket, skip - ahead AS skip FROM buckets WHERE ahead <= skip AND skip < ahead + members)
       SELECT m.user_id::text AS user_id, m.earned FROM achievement_member m
       WHERE m.guild_id = $1 AND m.earned > 0
         AND (m.earned, ${BUCKET('m')}) <= ((SELECT earned FROM tier), (SELECT bucket FROM start))
       ORDER BY m.earned DESC, ${BUCKET('m')} DESC, m.user_id DESC
       OFFSET (SELECT skip FROM start) LIMIT $3`,
      [guildId, offset, limit],
    );
    return rows.map((row) => ({ userId: row.user_id, earned: row.earned }));
  }

  /** How many members are on the board (hold at least one achievement). */
  public async boardSize(guildId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ total: number }[]>(
      'SELECT COALESCE(sum(members), 0)::int AS total FROM achievement_board_count WHERE guild_id = $1',
      [guildId],
    );
    return row!.total;
  }

  /** The member's 1-based place on the board, or null when they hold no achievement. */
  public async rankOf(guildId: string, userId: string): Promise<number | null> {
    const [row] = await this.dataSource.query<{ rank: number | null }[]>(
      `SELECT CASE WHEN me.earned > 0 THEN (1
         + (SELECT COALESCE(sum(c.members), 0) FROM achievement_board_count c
            WHERE c.guild_id = me.guild_id AND c.earned > me.earned)
         + (SELECT COALESCE(sum(b.members), 0) FROM achievement_board_bucket b
            WHERE b.guild_id = me.guild_id AND b.earned = me.earned AND b.bucket > ${BUCKET('me')})
         + (SELECT count(*) FROM achievement_member o
            WHERE o.guild_id = me.guild_id AND o.earned > 0 AND o.earned = me.earned
              AND ${BUCKET('o')} = ${BUCKET('me')} AND o.user_id > me.user_id))::int END AS rank
       FROM achievement_member me WHERE me.guild_id = $1 AND me.user_id = $2`,
      [guildId, userId],
    );
    return row?.rank ?? null;
  }
}
