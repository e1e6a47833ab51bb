import {
  Routes,
  type RESTGetAPIGuildChannelsResult,
  type RESTGetAPIGuildMemberResult,
  type RESTGetAPIGuildResult,
} from 'discord-api-types/v10';
import { DiscordAPIError, RESTJSONErrorCodes, type REST } from 'discord.js';
import { notAMember } from '../plugin-kit/members';
import { RecentCollection } from '../plugin-kit/RecentCollection';
import {
  channelFromApi,
  guildFromApi,
  memberFromApi,
  THREAD_CHANNEL_TYPES,
  type ChannelSnapshot,
  type GuildSnapshot,
  type MemberSnapshot,
} from './guildSnapshot';

export interface GuildsOverRestOptions {
  rest: Pick<REST, 'get'>;
  /** The bot's user id (known once logged in). */
  botUserId: () => string;
  /**
   * How long a guild's name, owner, roles and channels, and the bot's own member there, are reused: a few seconds,
   * so a change on Discord (a role losing Manage Server) counts within that time. Members asked about are never
   * reused: losing a role counts at once.
   */
  ttlMs: number;
  /** How long a member's shown name is reused (for pages that list many members). */
  nameTtlMs: number;
  /** Guilds (and names) remembered at most: the oldest go first. */
  maxEntries: number;
  now?: () => number;
}

/** Answers kept for a while, keyed by string; a failed load is not kept. */
class Reused<T> {
  private readonly entries: RecentCollection<string, { until: number; value: Promise<T> }>;

  public constructor(
    maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.entries = new RecentCollection(maxEntries);
  }

  public get(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept && kept.until > this.now()) return kept.value;
    const value = load();
    this.entries.set(key, { until: this.now() + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  public forget(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * A guild read from Discord's REST API by a process whose gateway does not carry it (the dashboard's process serves
 * the guilds of every shard): name, owner and roles; its channels; a member; the bot's own member. Free of the
 * gateway cache, so any process reads any guild the same way.
 */
export class GuildsOverRest {
  private readonly guilds: Reused<GuildSnapshot | null>;
  private readonly channelLists: Reused<readonly ChannelSnapshot[]>;
  private readonly botMembers: Reused<MemberSnapshot | null>;
  private readonly names: Reused<string | null>;

  public constructor(private readonly options: GuildsOverRestOptions) {
    const now = options.now ?? Date.now;
    this.guilds = new Reused(options.maxEntries, options.ttlMs, now);
    this.channelLists = new Reused(options.maxEntries, options.ttlMs, now);
    this.botMembers = new Reused(options.maxEntries, options.ttlMs, now);
    this.names = new Reused(options.maxEntries, options.nameTtlMs, now);
  }

  /** The guild's name, owner and roles; null when the bot is not in it (or it does not exist). */
  public guild(guildId: string, { fresh = false } = {}): Promise<GuildSnapshot | null> {
    if (fresh) this.guilds.forget(guildId);
    return this.guilds.get(guildId, async () => {
      try {
        return guildFromApi((await this.options.rest.get(Routes.guild(guildId))) as RESTGetAPIGuildResult);
      } catch (error) {
        if (
          error instanceof DiscordAPIError &&
          (error.code === RESTJSONErrorCodes.UnknownGuild || error.code === RESTJSONErrorCodes.MissingAccess)
        ) {
          return null;
        }
        throw error;
      }
    });
  }

  /** Its channels and categories (no threads), in no particular order. */
  public channels(guildId: string): Promise<readonly ChannelSnapshot[]> {
    return this.channelLists.get(guildId, async () =>
      ((await this.options.rest.get(Routes.guildChannels(guildId))) as RESTGetAPIGuildChannelsResult)
        .filter((channel) => !THREAD_CHANNEL_TYPES.has(channel.type))
        .map(channelFromApi),
    );
  }

  /** The member as Discord has them now (never reused); null when the user is not in the guild. */
  public member(guildId: string, userId: string): Promise<MemberSnapshot | null> {
    return this.options.rest
      .get(Routes.guildMember(guildId, userId))
      .then((data) => memberFromApi(data as RESTGetAPIGuildMemberResult), notAMember);
  }

  /** The bot's own member there, for what it may do in a channel. */
  public botMember(guildId: string): Promise<MemberSnapshot | null> {
    return this.botMembers.get(guildId, () => this.member(guildId, this.options.botUserId()));
  }

  /** A member's shown name, reused for a while; null for a user who is not in the guild. */
  public displayName(guildId: string, userId: string): Promise<string | null> {
    return this.names.get(
      `${guildId}:${userId}`,
      async () => (await this.member(guildId, userId))?.displayName ?? null,
    );
  }
}
