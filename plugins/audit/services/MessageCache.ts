import { RecentCollection } from '#core/plugin-kit/RecentCollection';
import { SharedStrings } from '#core/plugin-kit/SharedStrings';

/** What the audit log remembers of a message, to show it once it is edited or deleted. */
export interface CachedMessage {
  id: string;
  guildId: string;
  channelId: string;
  authorId: string;
  authorName: string;
  authorBot: boolean;
  /** The author's roles when they sent it (for the ignored-roles list), from the gateway payload. */
  authorRoleIds: readonly string[];
  content: string;
  attachments: readonly string[];
  /** Epoch ms the message was sent. */
  createdAt: number;
}

export interface MessageCacheLimits {
  /** Most messages kept; the oldest go first. */
  maxMessages: number;
  /** Messages older than this are dropped (Zeppelin keeps a day). */
  maxAgeMs: number;
}

export const DEFAULT_MESSAGE_CACHE_LIMITS: MessageCacheLimits = { maxMessages: 50_000, maxAgeMs: 24 * 3600_000 };

/** Content is cut here: a Discord message holds at most 4,000 characters. */
const MAX_CONTENT = 4000;

/**
 * The audit log's own bounded message cache (the client caches none): insertion-ordered, so the oldest entry is
 * always first and eviction by size or age only looks at the head. One `set` per message on the hot path; at the
 * size limit it evicts the oldest in O(1) (looking it up from the map's start walked every deleted entry: 44 µs a
 * message at 50,000, the audit plugin's largest cost under load).
 */
export class MessageCache {
  private readonly messages: RecentCollection<string, CachedMessage>;
  /** One string per guild or channel id: the cache holds 50,000 messages of a few hundred channels. */
  private readonly ids = new SharedStrings();

  public constructor(private readonly limits: MessageCacheLimits = DEFAULT_MESSAGE_CACHE_LIMITS) {
    this.messages = new RecentCollection(limits.maxMessages);
  }

  public get size(): number {
    return this.messages.size;
  }

  public add(message: CachedMessage): void {
    if (message.content.length > MAX_CONTENT) message.content = message.content.slice(0, MAX_CONTENT);
    message.guildId = this.ids.share(message.guildId);
    message.channelId = this.ids.share(message.channelId);
    this.messages.set(message.id, message);
  }

  public get(id: string): CachedMessage | undefined {
    return this.messages.get(id);
  }

  /** Removes and returns the message (it was deleted). */
  public take(id: string): CachedMessage | undefined {
    const message = this.messages.get(id);
    if (message) this.messages.delete(id);
    return message;
  }

  /** Keeps the edited content (the message keeps its place: age counts from when it was sent). */
  public updateContent(id: string, content: string, attachments: readonly string[]): void {
    const message = this.messages.get(id);
    if (!message) return;
    message.content = content.slice(0, MAX_CONTENT);
    message.attachments = attachments;
  }

  /** Drops messages older than the age limit; returns how many. */
  public evictOld(now = Date.now()): number {
    const cutoff = now - this.limits.maxAgeMs;
    let evicted = 0;
    for (const [id, message] of this.messages) {
      if (message.createdAt >= cutoff) break;
      this.messages.delete(id);
      evicted += 1;
    }
    return evicted;
  }

  /** Forgets a guild's messages (the plugin was disabled there). */
  public forgetGuild(guildId: string): void {
    for (const [id, message] of this.messages) {
      if (message.guildId !== guildId) continue;
      this.messages.delete(id);
      this.ids.forget(message.channelId);
    }
    this.ids.forget(guildId);
  }
}
