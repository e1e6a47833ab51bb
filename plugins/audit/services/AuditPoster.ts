import type { APIEmbed } from 'discord.js';
import type { AuditEntry } from './entries';
import { LIMITS, packMessages, renderEntry, type RenderedEntry } from './render';

export interface PosterTiming {
  /** Events bound for one channel within this time become one message (up to 10 embeds). */
  mergeMs: number;
  /** More than `floodThreshold` events of one kind in one channel within this time become one summary. */
  floodWindowMs: number;
  floodThreshold: number;
}

export const DEFAULT_TIMING: PosterTiming = { mergeMs: 2000, floodWindowMs: 10_000, floodThreshold: 20 };

/** What a log message carries. */
export interface LogMessage {
  embeds: APIEmbed[];
  files: { name: string; content: string }[];
}

export interface PosterDeps {
  /** Posts one message; rejects with Discord's error. */
  send(channelId: string, message: LogMessage): Promise<void>;
  /** False when the bot surely cannot post there (seen from its cache), undefined when unknown. */
  canPost(guildId: string, channelId: string): boolean | undefined;
  /** Whether a failed post means the channel is unwritable (missing access or permissions, deleted). */
  isUnwritable(error: unknown): boolean;
  /** Called once per unwritable spell of a channel; the service reports it (at most daily). */
  onUnwritable(guildId: string, channelId: string): void;
  onError(what: string, error: unknown): void;
}

/** Posts stay off for a channel found unwritable this long, then are tried again. */
const UNWRITABLE_SKIP_MS = 15 * 60_000;
/** Events waiting for one channel beyond this are only counted (they are stored and searchable). */
const MAX_QUEUED = 500;
/**
 * A writable channel is asked of the cache again after this long: computing permissions for every event of a busy
 * guild was a visible share of the message path, and a post that fails marks the channel unwritable anyway.
 */
const CAN_POST_RECHECK_MS = 1000;
/** Lines kept for a flood summary's attached list. */
const MAX_SUMMARY_LINES = 10_000;

interface ChannelQueue {
  guildId: string;
  entries: AuditEntry[];
  overflow: number;
  timer: NodeJS.Timeout | undefined;
  /** The channel's posts, one after another; other channels never wait for it. */
  chain: Promise<void>;
}

interface FloodWindow {
  guildId: string;
  channelId: string;
  action: string;
  start: number;
  lines: string[];
  count: number;
  /** Events of the window that went out one by one. */
  posted: number;
  flooding: boolean;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Turns audit entries into log messages without flooding: per channel, what arrives within `mergeMs` is one message
 * (several if it exceeds 10 embeds or 6,000 characters); past `floodThreshold` events of one kind within
 * `floodWindowMs` (a role removed from 500 members, a raid), the rest become one summary with the full list attached.
 * Each channel posts through its own chain, so a channel held back by rate limits delays nothing else; discord.js
 * queues per route and honours 429s. A channel the bot cannot write to is reported and skipped for a while.
 */
export class AuditPoster {
  private readonly queues = new Map<string, ChannelQueue>();
  private readonly floods = new Map<string, FloodWindow>();
  private readonly unwritableUntil = new Map<string, number>();
  /** When each channel was last found writable in the cache. */
  private readonly writableAt = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Per channel, the latest post: the next one waits for it. */
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;

  public constructor(
    private readonly deps: PosterDeps,
    private readonly timing: PosterTiming = DEFAULT_TIMING,
  ) {}

  public post(channelId: string, entry: AuditEntry): void {
    if (this.stopped || this.isSkipped(entry.guildId, channelId)) return;
    if (this.countFlood(channelId, entry)) return;
    let queue = this.queues.get(channelId);
    if (!queue) {
      queue = { guildId: entry.guildId, entries: [], overflow: 0, timer: undefined, chain: Promise.resolve() };
      this.queues.set(channelId, queue);
    }
    if (queue.entries.length >= MAX_QUEUED) queue.overflow += 1;
    else queue.entries.push(entry);
    queue.timer ??= setTimeout(() => this.flushChannel(channelId), this.timing.mergeMs);
  }

  /**
   * Shutdown: the client is already logged out, so what waits to be posted is dropped (every event is stored and
   * searchable); returns how many events that was.
   */
  public discard(): number {
    this.stopped = true;
    let dropped = 0;
    for (const window of this.floods.values()) {
      if (window.timer) clearTimeout(window.timer);
      dropped += window.count - window.posted;
    }
    for (const queue of this.queues.values()) {
      if (queue.timer) clearTimeout(queue.timer);
      dropped += queue.entries.length + queue.overflow;
    }
    this.floods.clear();
    this.queues.clear();
    return dropped;
  }

  /** Waits for the posts already sent (tests). */
  public async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Whether posts to this channel are off for now (unwritable); checks the cache too. */
  private isSkipped(guildId: string, channelId: string): boolean {
    const now = Date.now();
    const until = this.unwritableUntil.get(channelId);
    if (until !== undefined && until > now) return true;
    if (until !== undefined) this.unwritableUntil.delete(channelId);
    if (now - (this.writableAt.get(channelId) ?? -Infinity) < CAN_POST_RECHECK_MS) return false;
    if (this.deps.canPost(guildId, channelId) === false) {
      this.markUnwritable(guildId, channelId);
      return true;
    }
    this.writableAt.set(channelId, now);
    return false;
  }

  private markUnwritable(guildId: string, channelId: string): void {
    this.unwritableUntil.set(channelId, Date.now() + UNWRITABLE_SKIP_MS);
    const queue = this.queues.get(channelId);
    if (queue) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = undefined;
      queue.entries = [];
      queue.overflow = 0;
    }
    this.deps.onUnwritable(guildId, channelId);
  }

  /** Counts the event in its kind's window; true when it went into a flood summary instead of the queue. */
  private countFlood(channelId: string, entry: AuditEntry): boolean {
    const key = `${channelId}:${entry.action}`;
    const now = Date.now();
    let window = this.floods.get(key);
    if (!window) {
      window = {
        guildId: entry.guildId,
        channelId,
        action: entry.action,
        start: now,
        lines: [],
        count: 0,
        posted: 0,
        flooding: false,
        timer: undefined,
      };
      this.floods.set(key, window);
      const opened = window;
      opened.timer = setTimeout(() => this.closeFloodWindow(key, opened, true), this.timing.floodWindowMs);
    }
    window.count += 1;
    if (window.lines.length < MAX_SUMMARY_LINES) window.lines.push(summaryLine(entry));
    if (window.count > this.timing.floodThreshold) window.flooding = true;
    if (!window.flooding) window.posted += 1;
    return window.flooding;
  }

  /**
   * Ends a kind's window: a flood posts its summary, and while the flood goes on the next window starts flooding
   * (so a long raid gives one summary per window, not 20 single posts each time).
   */
  private closeFloodWindow(key: string, window: FloodWindow, mayContinue: boolean): void {
    this.floods.delete(key);
    const held = window.count - window.posted;
    if (held === 0) return;
    this.enqueueSend(window.guildId, window.channelId, summaryMessage(window, held, this.timing.floodWindowMs));
    if (mayContinue && window.count > this.timing.floodThreshold) {
      const next: FloodWindow = { ...window, start: Date.now(), lines: [], count: 0, posted: 0, flooding: true };
      this.floods.set(key, next);
      next.timer = setTimeout(() => this.closeFloodWindow(key, next, true), this.timing.floodWindowMs);
    }
  }

  private flushChannel(channelId: string): void {
    const queue = this.queues.get(channelId);
    if (!queue) return;
    if (queue.timer) clearTimeout(queue.timer);
    this.queues.delete(channelId);
    const rendered: RenderedEntry[] = queue.entries.map((entry, index) => renderEntry(entry, index));
    if (queue.overflow > 0) {
      rendered.push({
        embed: {
          description: `…and ${queue.overflow} more events that were not posted here. They are stored: use \`/audit search\`.`,
          color: 0x99aab5,
        },
        size: 100,
        files: [],
      });
    }
    for (const group of packMessages(rendered)) {
      this.enqueueSend(queue.guildId, channelId, {
        embeds: group.map((entry) => entry.embed),
        files: group.flatMap((entry) => entry.files),
      });
    }
  }

  private enqueueSend(guildId: string, channelId: string, message: LogMessage): void {
    const chainKey = channelId;
    const previous = this.chains.get(chainKey) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (this.stopped) return;
      const until = this.unwritableUntil.get(channelId);
      if (until !== undefined && until > Date.now()) return;
      try {
        await this.deps.send(channelId, message);
      } catch (error) {
        if (this.deps.isUnwritable(error)) this.markUnwritable(guildId, channelId);
        else this.deps.onError(`audit: posting in channel ${channelId}`, error);
      }
    });
    this.chains.set(chainKey, next);
    this.inFlight.add(next);
    void next.finally(() => {
      this.inFlight.delete(next);
      if (this.chains.get(chainKey) === next) this.chains.delete(chainKey);
    });
  }
}

/**
 * One line of a burst's attached list, copied into a flat string: the template literal alone is a tree of its pieces
 * (and `replace` a slice of the summary) that V8 keeps as such, and a burst keeps up to 10,000 lines per kind and
 * channel for 10 s — in a heap snapshot under load, 19 MiB of string pieces for 30,000 lines.
 */
function summaryLine(entry: AuditEntry): string {
  const by = entry.actorId ? ` (by ${entry.actorId})` : '';
  return Buffer.from(`${entry.at.toISOString()} ${entry.summary.replace(/\s+/g, ' ')}${by}`).toString();
}

function summaryMessage(window: FloodWindow, held: number, windowMs: number): LogMessage {
  const seconds = Math.round(windowMs / 1000);
  const name = window.action.replace(/_/g, ' ');
  const fileName = `${window.action}-${new Date(window.start).toISOString().replace(/[:.]/g, '-')}.txt`;
  const embed: APIEmbed = {
    title: `Burst: ${window.count} × ${name} within ${seconds} s`.slice(0, LIMITS.title),
    description:
      `${window.count} **${name}** events arrived within ${seconds} seconds` +
      (held < window.count ? `; the first ${window.count - held} were posted one by one above` : '') +
      `. The full list is attached (${fileName}).`,
    color: 0xe67e22,
    timestamp: new Date().toISOString(),
  };
  return { embeds: [embed], files: [{ name: fileName, content: window.lines.join('\n') }] };
}
