import type { DataSource, EntityManager } from 'typeorm';

/** An entry as lists and search results show it. */
export interface EntrySummary {
  id: number;
  title: string;
  category: string | null;
  tags: string[];
  isVerified: boolean;
  useCount: number;
  rating: number;
  ratingCount: number;
}

/** A whole entry, with its aliases. */
export interface Entry extends EntrySummary {
  guildId: string;
  content: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  aliases: string[];
}

export interface EntryInput {
  title: string;
  content: string;
  category: string | null;
  tags: string[];
}

export interface SearchHit extends EntrySummary {
  /** Whether the full-text query matched (otherwise only the title's trigrams were close). */
  textMatch: boolean;
  score: number;
}

export interface RatingResult {
  rating: number;
  ratingCount: number;
  /** Who wrote the rated entry (its `createdBy`). */
  authorId: string;
}

/** An entry as the export file holds it (and the import reads it). */
export interface ExchangedEntry extends EntryInput {
  aliases: string[];
  isVerified: boolean;
}

/** Days a search that found nothing, and a suggestion, are kept after their last use. */
export const RETENTION_DAYS = 90;

/** How many full-text matches a search ranks at most (see {@link KbRepository.search}). */
export const TEXT_CANDIDATES = 300;
/** How many trigram-close titles a search or autocomplete compares at most. */
export const TRIGRAM_CANDIDATES = 100;

const SUMMARY_COLUMNS = `e.id, e.title, e.category, e.tags, e.is_verified AS "isVerified", e.use_count AS "useCount",
  e.rating, e.rating_count AS "ratingCount"`;

/** `%` and `_` typed by a member are literal in a LIKE prefix. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The rows of an UPDATE or DELETE … RETURNING: TypeORM answers those with `[rows, affected]`, and SELECT and
 * INSERT with the rows alone.
 */
function returned<T>(result: unknown): T[] {
  const pair = result as [unknown, unknown];
  return Array.isArray(pair) && pair.length === 2 && Array.isArray(pair[0]) && typeof pair[1] === 'number'
    ? (pair[0] as T[])
    : (result as T[]);
}

/** PostgreSQL's unique_violation, and which index raised it. */
export function uniqueViolation(error: unknown): string | null {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' ? (constraint ?? '') : null;
}

/**
 * The KB's SQL. Every query is scoped by guild; counters (uses, ratings, misses) change in single statements
 * (`x = x + …`), so concurrent updates never lose one, on PostgreSQL and on PGlite alike.
 */
/** A message to find an answer for in its guild's KB, and how close a title must be. */
export interface AnswerRequest {
  guildId: string;
  message: string;
  threshold: number;
}

/** The entry found for a message, with its title similarity (0–1). */
export interface SuggestedEntry {
  id: number;
  title: string;
  score: number;
}

export class KbRepository {
  public constructor(private readonly dataSource: DataSource) {}

  public async findById(guildId: string, id: number, manager: EntityManager = this.dataSource.manager) {
    const rows = await manager.query<Entry[]>(
      `SELECT ${SUMMARY_COLUMNS}, e.guild_id AS "guildId", e.content, e.created_by AS "createdBy",
         e.created_at AS "createdAt", e.updated_at AS "updatedAt",
         COALESCE((SELECT array_agg(a.alias ORDER BY lower(a.alias)) FROM kb_alias a WHERE a.entry_id = e.id), '{}') AS aliases
       FROM knowledge_base e WHERE e.guild_id = $1 AND e.id = $2`,
      [guildId, id],
    );
    return rows[0] ?? null;
  }

  /** The entry whose title, or else one of whose aliases, is `name` (case-insensitively). */
  public async idByName(guildId: string, name: string, manager: EntityManager = this.dataSource.manager) {
    const rows = await manager.query<{ id: number }[]>(
      `SELECT id FROM (
         SELECT id, 0 AS rank FROM knowledge_base WHERE guild_id = $1 AND lower(title) = $2
         UNION ALL
         SELECT entry_id, 1 FROM kb_alias WHERE guild_id = $1 AND lower(alias) = $2
       ) found ORDER BY rank LIMIT 1`,
      [guildId, name.trim().toLowerCase()],
    );
    return rows[0]?.id ?? null;
  }

  public async insert(guildId: string, input: EntryInput, createdBy: string, manager = this.dataSource.manager) {
    const rows = await manager.query<{ id: number }[]>(
      `INSERT INTO knowledge_base (guild_id, title, content, category, tags, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [guildId, input.title, input.content, input.category, input.tags, createdBy],
    );
    return rows[0]!.id;
  }

  public async update(guildId: string, id: number, input: EntryInput, manager = this.dataSource.manager) {
    const [, affected] = (await manager.query(
      `UPDATE knowledge_base SET title = $3, content = $4, category = $5, tags = $6, updated_at = now()
       WHERE guild_id = $1 AND id = $2`,
      [guildId, id, input.title, input.content, input.category, input.tags],
    )) as [unknown, number];
    return affected > 0;
  }

  public async delete(guildId: string, id: number): Promise<boolean> {
    const [, affected] = (await this.dataSource.query('DELETE FROM knowledge_base WHERE guild_id = $1 AND id = $2', [
      guildId,
      id,
    ])) as [unknown, number];
    return affected > 0;
  }

  public async countUse(id: number): Promise<void> {
    await this.dataSource.query('UPDATE knowledge_base SET use_count = use_count + 1 WHERE id = $1', [id]);
  }

  public async setVerified(guildId: string, id: number, verified: boolean, by: string): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      'UPDATE knowledge_base SET is_verified = $3, verified_by = $4 WHERE guild_id = $1 AND id = $2',
      [guildId, id, verified, verified ? by : null],
    )) as [unknown, number];
    return affected > 0;
  }

  /**
   * Names for autocomplete: titles and aliases starting with what was typed, in order (the unique indexes answer
   * prefixes with `text_pattern_ops`, so this reads 25 index entries, not every match); only when fewer than that
   * start so, from three characters on, titles whose words are close to it (trigrams, for typos). The most used
   * entries when nothing was typed.
   */
  public async autocomplete(guildId: string, typed: string, limit = 25): Promise<string[]> {
    const text = typed.trim().toLowerCase();
    if (!text) {
      const rows = await this.dataSource.query<{ title: string }[]>(
        'SELECT title FROM knowledge_base WHERE guild_id = $1 ORDER BY use_count DESC, id LIMIT $2',
        [guildId, limit],
      );
      return rows.map((row) => row.title);
    }
    const prefixed = await this.dataSource.query<{ name: string }[]>(
      `(SELECT title AS name, 0 AS rank, lower(title) AS sort FROM knowledge_base
          WHERE guild_id = $1 AND lower(title) LIKE $2 ORDER BY lower(title) USING ~<~ LIMIT $3)
       UNION ALL
       (SELECT alias, 1, lower(alias) FROM kb_alias
          WHERE guild_id = $1 AND lower(alias) LIKE $2 ORDER BY lower(alias) USING ~<~ LIMIT $3)
       ORDER BY rank, sort USING ~<~`,
      [guildId, likePrefix(text), limit],
    );
    const names = new Set(prefixed.map((row) => row.name));
    if (names.size < limit && text.length >= 3) {
      const close = await this.dataSource.query<{ title: string }[]>(
        `SELECT title FROM (
           SELECT title FROM knowledge_base WHERE guild_id = $1 AND $2 <% lower(title) LIMIT $3
         ) candidates ORDER BY word_similarity($2, lower(title)) DESC, title LIMIT $4`,
        [guildId, text, TRIGRAM_CANDIDATES, limit],
      );
      for (const row of close) names.add(row.title);
    }
    return [...names].slice(0, limit);
  }

  /**
   * Full-text search over title (weighted highest), tags, category and content, plus titles whose words are close
   * to the query by trigrams (typos), ranked by both; verified entries first among equals. Ranking reads each
   * candidate row, so each branch ranks a bounded number of candidates: for a term found in more than
   * {@link TEXT_CANDIDATES} entries, the best of the first that many found (latency stays flat however large the
   * knowledge base grows).
   */
  public async search(guildId: string, query: string, limit = 10): Promise<SearchHit[]> {
    return this.dataSource.query<SearchHit[]>(
      `WITH text_hits AS (
         SELECT id, ts_rank(search_vector, websearch_to_tsquery('english', $2)) AS rank FROM (
           SELECT id, search_vector FROM knowledge_base
           WHERE guild_id = $1 AND search_vector @@ websearch_to_tsquery('english', $2) LIMIT $5
         ) found ORDER BY rank DESC LIMIT 50
       ), title_hits AS (
         SELECT id FROM knowledge_base WHERE guild_id = $1 AND $3 <% lower(title) LIMIT $6
       ), candidates AS (
         SELECT id, max(rank) AS rank FROM (
           SELECT id, rank FROM text_hits UNION ALL SELECT id, NULL FROM title_hits
         ) both_kinds GROUP BY id
       )
       SELECT ${SUMMARY_COLUMNS}, c.rank IS NOT NULL AS "textMatch",
         COALESCE(c.rank, 0) + word_similarity($3, lower(e.title)) + CASE WHEN e.is_verified THEN 0.05 ELSE 0 END AS score
       FROM candidates c JOIN knowledge_base e ON e.id = c.id
       ORDER BY score DESC, e.id LIMIT $4`,
      [guildId, query, query.trim().toLowerCase(), limit, TEXT_CANDIDATES, TRIGRAM_CANDIDATES],
    );
  }

  /**
   * The entry that best answers each message (null when none reaches its threshold), in one statement for any number
   * of messages of any guilds: candidates come from the full-text index with any of the message's words (ranked,
   * at most 20), and the one whose title is closest by trigram word similarity to some stretch of the message wins
   * if it reaches the threshold. Each message's query is built once (a materialized CTE), not once per entry read,
   * and the same words asked in the same guild within one call are matched once (a flood of one phrase).
   */
  public async bestAnswers(requests: readonly AnswerRequest[]): Promise<(SuggestedEntry | null)[]> {
    if (requests.length === 0) return [];
    const distinct = new Map<string, { request: AnswerRequest; indexes: number[] }>();
    requests.forEach((request, index) => {
      const key = `${request.guildId}\n${request.threshold}\n${request.message}`;
      const known = distinct.get(key);
      if (known) known.indexes.push(index);
      else distinct.set(key, { request, indexes: [index] });
    });
    const asked = [...distinct.values()];
    const rows = await this.dataSource.query<(SuggestedEntry & { n: number })[]>(
      `WITH asked AS MATERIALIZED (
         SELECT r.n, r.guild_id, lower(r.message) AS message, r.threshold,
                replace(plainto_tsquery('english', r.message)::text, ' & ', ' | ')::tsquery AS words
         FROM jsonb_to_recordset($1::jsonb) AS r(n int, guild_id bigint, message text, threshold float8))
       SELECT a.n, best.id, best.title, best.score
       FROM asked a
       CROSS JOIN LATERAL (
         SELECT id, title, score FROM (
           SELECT e.id, e.title, word_similarity(lower(e.title), a.message) AS score
           FROM knowledge_base e
           WHERE e.guild_id = a.guild_id AND e.search_vector @@ a.words
           ORDER BY ts_rank(e.search_vector, a.words) DESC
           LIMIT 20
         ) candidates WHERE score >= a.threshold ORDER BY score DESC, id LIMIT 1
       ) best`,
      [
        JSON.stringify(
          asked.map(({ request }, n) => ({
            n,
            guild_id: request.guildId,
            message: request.message,
            threshold: request.threshold,
          })),
        ),
      ],
    );
    const answers: (SuggestedEntry | null)[] = requests.map(() => null);
    for (const { n, ...entry } of rows) for (const index of asked[n]!.indexes) answers[index] = { ...entry };
    return answers;
  }

  public async list(
    guildId: string,
    filter: { category: string | null; tag: string | null },
    offset: number,
    limit: number,
  ): Promise<{ entries: EntrySummary[]; total: number }> {
    const where = `e.guild_id = $1 AND ($2::text IS NULL OR e.category = $2) AND ($3::text IS NULL OR e.tags @> ARRAY[$3::text])`;
    const [entries, [count]] = await Promise.all([
      this.dataSource.query<EntrySummary[]>(
        `SELECT ${SUMMARY_COLUMNS} FROM knowledge_base e WHERE ${where} ORDER BY lower(e.title) OFFSET $4 LIMIT $5`,
        [guildId, filter.category, filter.tag, offset, limit],
      ),
      this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM knowledge_base e WHERE ${where}`, [
        guildId,
        filter.category,
        filter.tag,
      ]),
    ]);
    return { entries, total: count?.total ?? 0 };
  }

  /**
   * Records a member's rating (a new one or a change) and moves the entry's sum and count by the difference: the
   * upsert reports the score it replaced, and the entry's counters change relative to their current values, so any
   * number of concurrent ratings leave an exact average. The entry's row is locked first, in a statement of its
   * own: the rating statement then starts after any rating of the entry before it committed, and sees it. (Without
   * that, two first ratings by one member racing made the second compute the entry's new values from the row as it
   * was before the first — count 0 — and fail on the division or the CHECK before PostgreSQL re-read the row.)
   */
  public async rate(guildId: string, entryId: number, userId: string, score: number): Promise<RatingResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await manager.query<unknown[]>(
        'SELECT 1 FROM knowledge_base WHERE guild_id = $1 AND id = $2 FOR UPDATE',
        [guildId, entryId],
      );
      if (entry.length === 0) return null;
      const rows = returned<RatingResult>(
        await manager.query(
          `WITH upserted AS (
         INSERT INTO kb_rating (entry_id, user_id, guild_id, score)
         SELECT id, $3, guild_id, $4 FROM knowledge_base WHERE guild_id = $1 AND id = $2
         ON CONFLICT (entry_id, user_id)
           DO UPDATE SET score = EXCLUDED.score, previous_score = kb_rating.score, updated_at = now()
         RETURNING score, previous_score
       )
       UPDATE knowledge_base e SET
         rating_sum = e.rating_sum + u.score - COALESCE(u.previous_score, 0),
         rating_count = e.rating_count + CASE WHEN u.previous_score IS NULL THEN 1 ELSE 0 END,
         rating = (e.rating_sum + u.score - COALESCE(u.previous_score, 0))::float8
           / (e.rating_count + CASE WHEN u.previous_score IS NULL THEN 1 ELSE 0 END)
       FROM upserted u
       WHERE e.id = $2
       RETURNING e.rating, e.rating_count AS "ratingCount", e.created_by::text AS "authorId"`,
          [guildId, entryId, userId, score],
        ),
      );
      return rows[0] ?? null;
    });
  }

  /** Adds an alias; null when it is already a title or an alias in the guild (the index decides). */
  public async addAlias(
    guildId: string,
    entryId: number,
    alias: string,
    by: string,
    manager = this.dataSource.manager,
  ) {
    await manager.query(`INSERT INTO kb_alias (guild_id, entry_id, alias, created_by) VALUES ($1, $2, $3, $4)`, [
      guildId,
      entryId,
      alias,
      by,
    ]);
  }

  /** Removes an alias; the entry it named and the alias as it was written, or null when there is no such alias. */
  public async removeAlias(guildId: string, alias: string): Promise<{ entryId: number; alias: string } | null> {
    const rows = returned<{ entryId: number; alias: string }>(
      await this.dataSource.query(
        `DELETE FROM kb_alias WHERE guild_id = $1 AND lower(alias) = $2 RETURNING entry_id AS "entryId", alias`,
        [guildId, alias.trim().toLowerCase()],
      ),
    );
    return rows[0] ?? null;
  }

  /** Whether `name` is already an entry's title or an alias in the guild (other than entry `exceptId`'s title). */
  public async nameTaken(guildId: string, name: string, exceptId: number | null, manager = this.dataSource.manager) {
    const rows = await manager.query<{ title: string }[]>(
      `SELECT e.title FROM knowledge_base e WHERE e.guild_id = $1 AND lower(e.title) = $2 AND e.id IS DISTINCT FROM $3
       UNION ALL
       SELECT e.title FROM kb_alias a JOIN knowledge_base e ON e.id = a.entry_id
         WHERE a.guild_id = $1 AND lower(a.alias) = $2
       LIMIT 1`,
      [guildId, name.trim().toLowerCase(), exceptId],
    );
    return rows[0]?.title ?? null;
  }

  public async recordMiss(guildId: string, query: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO kb_search_miss (guild_id, query) VALUES ($1, $2)
       ON CONFLICT (guild_id, query) DO UPDATE SET count = kb_search_miss.count + 1, last_searched_at = now()`,
      [guildId, query.trim().toLowerCase().slice(0, 100)],
    );
  }

  public async stats(guildId: string) {
    const [[totals], mostUsed, bestRated, misses] = await Promise.all([
      this.dataSource.query<{ entries: number; verified: number; uses: number }[]>(
        `SELECT count(*)::int AS entries, count(*) FILTER (WHERE is_verified)::int AS verified,
           COALESCE(sum(use_count), 0)::int AS uses FROM knowledge_base WHERE guild_id = $1`,
        [guildId],
      ),
      this.dataSource.query<EntrySummary[]>(
        `SELECT ${SUMMARY_COLUMNS} FROM knowledge_base e WHERE e.guild_id = $1 AND e.use_count > 0
         ORDER BY e.use_count DESC, e.id LIMIT 5`,
        [guildId],
      ),
      this.dataSource.query<EntrySummary[]>(
        `SELECT ${SUMMARY_COLUMNS} FROM knowledge_base e WHERE e.guild_id = $1 AND e.rating_count > 0
         ORDER BY e.rating DESC, e.rating_count DESC, e.id LIMIT 5`,
        [guildId],
      ),
      this.dataSource.query<{ query: string; count: number }[]>(
        `SELECT query, count FROM kb_search_miss WHERE guild_id = $1 AND last_searched_at > now() - make_interval(days => $2)
         ORDER BY count DESC, last_searched_at DESC LIMIT 10`,
        [guildId, RETENTION_DAYS],
      ),
    ]);
    return { totals: totals!, mostUsed, bestRated, misses };
  }

  /** Forgets searches that found nothing and suggestions older than the retention period, in every guild. */
  public async applyRetention(): Promise<{ misses: number; suggestions: number }> {
    const [, misses] = (await this.dataSource.query(
      'DELETE FROM kb_search_miss WHERE last_searched_at < now() - make_interval(days => $1)',
      [RETENTION_DAYS],
    )) as [unknown, number];
    const [, suggestions] = (await this.dataSource.query(
      'DELETE FROM kb_suggestion WHERE created_at < now() - make_interval(days => $1)',
      [RETENTION_DAYS],
    )) as [unknown, number];
    return { misses, suggestions };
  }

  public async exportAll(guildId: string): Promise<ExchangedEntry[]> {
    return this.dataSource.query<ExchangedEntry[]>(
      `SELECT e.title, e.content, e.category, e.tags, e.is_verified AS "isVerified",
         COALESCE((SELECT array_agg(a.alias ORDER BY lower(a.alias)) FROM kb_alias a WHERE a.entry_id = e.id), '{}') AS aliases
       FROM knowledge_base e WHERE e.guild_id = $1 ORDER BY lower(e.title)`,
      [guildId],
    );
  }

  /**
   * Writes imported entries in one transaction: an entry whose title exists is replaced (content, category,
   * tags, aliases), others are created. Any failure leaves the guild's KB as it was.
   */
  public async importAll(guildId: string, entries: readonly ExchangedEntry[], actorId: string) {
    return this.dataSource.transaction(async (manager) => {
      let created = 0;
      let updated = 0;
      for (const entry of entries) {
        const [existing] = await manager.query<{ id: number }[]>(
          'SELECT id FROM knowledge_base WHERE guild_id = $1 AND lower(title) = $2 FOR UPDATE',
          [guildId, entry.title.toLowerCase()],
        );
        let id: number;
        if (existing) {
          id = existing.id;
          await this.update(guildId, id, entry, manager);
          await manager.query('DELETE FROM kb_alias WHERE entry_id = $1', [id]);
          updated += 1;
        } else {
          id = await this.insert(guildId, entry, actorId, manager);
          created += 1;
        }
        await manager.query('UPDATE knowledge_base SET is_verified = $2, verified_by = $3 WHERE id = $1', [
          id,
          entry.isVerified,
          entry.isVerified ? actorId : null,
        ]);
        for (const alias of entry.aliases) await this.addAlias(guildId, id, alias, actorId, manager);
      }
      return { created, updated };
    });
  }

  // Ticket channels and suggestions.

  public async ticketChannels(guildId?: string) {
    return this.dataSource.query<{ channelId: string; guildId: string; ticketId: number }[]>(
      `SELECT channel_id AS "channelId", guild_id AS "guildId", ticket_id AS "ticketId" FROM kb_ticket_channel
       WHERE $1::bigint IS NULL OR guild_id = $1`,
      [guildId ?? null],
    );
  }

  public async addTicketChannel(guildId: string, channelId: string, ticketId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO kb_ticket_channel (channel_id, guild_id, ticket_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel_id) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, guild_id = EXCLUDED.guild_id`,
      [channelId, guildId, ticketId],
    );
  }

  public async removeTicketChannel(channelId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM kb_ticket_channel WHERE channel_id = $1', [channelId]);
  }

  /** Records a suggestion; null when this ticket already had this entry suggested. */
  public async addSuggestion(input: {
    guildId: string;
    channelId: string;
    entryId: number;
    ticketId: number | null;
    askerId: string;
  }): Promise<number | null> {
    const rows = await this.dataSource.query<{ id: number }[]>(
      `INSERT INTO kb_suggestion (guild_id, channel_id, entry_id, ticket_id, asker_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (ticket_id, entry_id) DO NOTHING RETURNING id`,
      [input.guildId, input.channelId, input.entryId, input.ticketId, input.askerId],
    );
    return rows[0]?.id ?? null;
  }

  public async removeSuggestion(id: number): Promise<void> {
    await this.dataSource.query('DELETE FROM kb_suggestion WHERE id = $1', [id]);
  }

  public async findSuggestion(guildId: string, id: number) {
    const rows = await this.dataSource.query<{ entryId: number; ticketId: number | null }[]>(
      `SELECT entry_id AS "entryId", ticket_id AS "ticketId" FROM kb_suggestion WHERE guild_id = $1 AND id = $2`,
      [guildId, id],
    );
    return rows[0] ?? null;
  }
}
