import { DiscordSnowflake } from '@sapphire/snowflake';
import type { AuditLogEvent } from 'discord.js';

/** The part of a Discord audit-log entry that names who did what to whom. */
export interface KnownEntry {
  action: AuditLogEvent;
  executorId: string | null;
  targetId: string | null;
  /** `options.channel_id` (message deletes, voice moves). */
  channelId: string | null;
  reason: string | null;
  /** Epoch ms, from the entry's id. */
  at: number;
}

export interface ActorQuery {
  guildId: string;
  actions: readonly AuditLogEvent[];
  /** The entry's target (a member, channel, role…); omitted for entries Discord gives none (voice moves). */
  targetId?: string;
  channelId?: string;
  /** When the event happened (epoch ms): entries much older are about something else. */
  at: number;
  /** How long to wait for the entry when it has not arrived yet. */
  waitMs?: number;
  /** Read the audit log through REST when no entry arrived in time (rare events only: the endpoint is limited). */
  fetch?: boolean;
}

/** Entries about an event are written within moments of it. */
const MATCH_WINDOW_MS = 15_000;
const KEEP_MS = 60_000;
const MAX_PER_GUILD = 200;
const DEFAULT_WAIT_MS = 1500;
/** One REST read per guild and action type within this time answers every waiting event. */
const FETCH_DEDUPE_MS = 2000;

interface Waiter {
  query: ActorQuery;
  resolve: (entry: KnownEntry | null) => void;
}

/**
 * Finds who did something: Discord sends GUILD_AUDIT_LOG_ENTRY_CREATE about when it sends the event itself (before
 * or after), so entries are kept for a minute and events wait a moment for theirs. For rare events with no entry in
 * time, the audit log is read once through REST, shared by every event waiting on the same guild and type.
 */
export class ActorResolver {
  private readonly entries = new Map<string, KnownEntry[]>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly fetches = new Map<string, { at: number; result: Promise<KnownEntry[]> }>();

  public constructor(
    private readonly fetchEntries: (guildId: string, action: AuditLogEvent) => Promise<KnownEntry[]>,
    private readonly onError: (what: string, error: unknown) => void,
  ) {}

  /** An entry Discord announced: kept, and given to the events waiting for it. */
  public remember(guildId: string, entry: KnownEntry): void {
    let list = this.entries.get(guildId);
    if (!list) this.entries.set(guildId, (list = []));
    list.push(entry);
    const cutoff = Date.now() - KEEP_MS;
    while (list.length > MAX_PER_GUILD || (list.length > 0 && list[0]!.at < cutoff)) list.shift();
    for (const waiter of this.waiters.get(guildId) ?? []) {
      if (matches(entry, waiter.query)) waiter.resolve(entry);
    }
  }

  /** The entry of this event if Discord has sent it already, without waiting. */
  public known(query: ActorQuery): KnownEntry | null {
    return this.lookup(query, this.entries.get(query.guildId) ?? []);
  }

  /** The entry of this event, or null when Discord named nobody in time. */
  public async find(query: ActorQuery): Promise<KnownEntry | null> {
    const known = this.known(query);
    if (known) return known;
    const arrived = await this.wait(query);
    if (arrived || !query.fetch) return arrived;
    try {
      for (const action of query.actions) {
        const found = this.lookup(query, await this.fetchShared(query.guildId, action));
        if (found) return found;
      }
    } catch (error) {
      this.onError(`audit: reading the audit log of guild ${query.guildId}`, error);
    }
    return null;
  }

  public forgetGuild(guildId: string): void {
    this.entries.delete(guildId);
  }

  private wait(query: ActorQuery): Promise<KnownEntry | null> {
    return new Promise((resolve) => {
      let waiters = this.waiters.get(query.guildId);
      if (!waiters) this.waiters.set(query.guildId, (waiters = new Set()));
      const waiter: Waiter = {
        query,
        resolve: (entry) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          if (waiters.size === 0) this.waiters.delete(query.guildId);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => waiter.resolve(null), query.waitMs ?? DEFAULT_WAIT_MS);
      waiters.add(waiter);
    });
  }

  private fetchShared(guildId: string, action: AuditLogEvent): Promise<KnownEntry[]> {
    const key = `${guildId}:${action}`;
    const now = Date.now();
    const recent = this.fetches.get(key);
    if (recent && now - recent.at < FETCH_DEDUPE_MS) return recent.result;
    const result = this.fetchEntries(guildId, action);
    this.fetches.set(key, { at: now, result });
    setTimeout(() => this.fetches.delete(key), FETCH_DEDUPE_MS).unref();
    return result;
  }

  private lookup(query: ActorQuery, entries: readonly KnownEntry[]): KnownEntry | null {
    // Newest first: the latest matching entry is the likeliest cause.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      if (matches(entries[index]!, query)) return entries[index]!;
    }
    return null;
  }
}

function matches(entry: KnownEntry, query: ActorQuery): boolean {
  return (
    query.actions.includes(entry.action) &&
    (query.targetId === undefined || entry.targetId === query.targetId) &&
    (query.channelId === undefined || entry.channelId === query.channelId) &&
    Math.abs(entry.at - query.at) < MATCH_WINDOW_MS
  );
}

/** The time an audit-log entry was written, from its id. */
export function entryTime(id: string): number {
  return Number(DiscordSnowflake.timestampFrom(id));
}
