import type { Guild, GuildMember, NonThreadGuildBasedChannel, Role } from 'discord.js';
import type { ChannelSnapshot, GuildSnapshot, MemberSnapshot, RoleSnapshot } from '../guilds/guildSnapshot';
import type { GuildsOverRest } from '../guilds/GuildsOverRest';
import { channelPermissions } from '../permissions/discordPermissions';
import { fetchMember } from '../plugin-kit/members';
import { idTargetsOf, type GuildIdTargets } from '../plugin-kit/settingIds';

/**
 * A guild as one dashboard request sees it, wherever its shard runs: from this process's gateway cache when the
 * guild is here, else from Discord's REST API. Pages and authorization read only this, so a guild of another shard
 * process (or machine) is served exactly as one of this process.
 */
export interface GuildView extends GuildSnapshot {
  /** The member as Discord has them now (the gateway's live copy, or asked now); null when not in the guild. */
  member(userId: string): Promise<MemberSnapshot | null>;
  /** Its channels and categories (no threads), for pickers. */
  channels(): Promise<readonly ChannelSnapshot[]>;
  /** Roles and channels as the setting checks (`/plugins config`'s, `/config`'s) read them. */
  idTargets(): GuildIdTargets;
  /** A member this process has at hand (no request), for names on staff pages. */
  cachedMember(userId: string): MemberSnapshot | undefined;
  /** Members' shown names, for public pages; users who are not in the guild are left out. */
  displayNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

function roleSnapshot(role: Role): RoleSnapshot {
  return {
    id: role.id,
    name: role.name,
    position: role.rawPosition,
    managed: role.managed,
    permissions: role.permissions.bitfield,
  };
}

function memberSnapshot(member: GuildMember): MemberSnapshot {
  return {
    userId: member.id,
    roleIds: [...member.roles.cache.keys()].filter((roleId) => roleId !== member.guild.id),
    username: member.user.username,
    displayName: member.displayName,
  };
}

function channelSnapshot(channel: NonThreadGuildBasedChannel): ChannelSnapshot {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    position: channel.rawPosition,
    overwrites: channel.permissionOverwrites.cache.map((overwrite) => ({
      id: overwrite.id,
      type: overwrite.type,
      allow: overwrite.allow.bitfield,
      deny: overwrite.deny.bitfield,
    })),
  };
}

/** A guild of this process: the gateway keeps it current, so nothing is asked of Discord but missing members. */
class CachedGuildView implements GuildView {
  public readonly id: string;
  public readonly name: string;
  public readonly ownerId: string;
  public readonly roles: ReadonlyMap<string, RoleSnapshot>;

  public constructor(
    private readonly guild: Guild,
    private readonly rest: GuildsOverRest,
  ) {
    this.id = guild.id;
    this.name = guild.name;
    this.ownerId = guild.ownerId;
    this.roles = new Map(guild.roles.cache.map((role) => [role.id, roleSnapshot(role)]));
  }

  public async member(userId: string): Promise<MemberSnapshot | null> {
    const member = await fetchMember(this.guild, userId);
    return member && memberSnapshot(member);
  }

  public channels(): Promise<readonly ChannelSnapshot[]> {
    const channels: ChannelSnapshot[] = [];
    for (const channel of this.guild.channels.cache.values()) {
      if (!channel.isThread()) channels.push(channelSnapshot(channel));
    }
    return Promise.resolve(channels);
  }

  public idTargets(): GuildIdTargets {
    return idTargetsOf(this.guild);
  }

  public cachedMember(userId: string): MemberSnapshot | undefined {
    const member = this.guild.members.cache.get(userId);
    return member && memberSnapshot(member);
  }

  public async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const names = await Promise.all(
      userIds.map(
        async (userId) =>
          [userId, this.cachedMember(userId)?.displayName ?? (await this.rest.displayName(this.id, userId))] as const,
      ),
    );
    return new Map(names.filter((entry): entry is [string, string] => entry[1] !== null));
  }
}

/** A guild of another shard process, read by REST: roles and channels reused a few seconds, members asked each time. */
class RestGuildView implements GuildView {
  public constructor(
    private snapshot: GuildSnapshot,
    private readonly rest: GuildsOverRest,
  ) {}

  public get id(): string {
    return this.snapshot.id;
  }

  public get name(): string {
    return this.snapshot.name;
  }

  public get ownerId(): string {
    return this.snapshot.ownerId;
  }

  public get roles(): ReadonlyMap<string, RoleSnapshot> {
    return this.snapshot.roles;
  }

  public async member(userId: string): Promise<MemberSnapshot | null> {
    return this.withRolesOf(await this.rest.member(this.id, userId));
  }

  public channels(): Promise<readonly ChannelSnapshot[]> {
    return this.rest.channels(this.id);
  }

  public idTargets(): GuildIdTargets {
    return {
      id: this.id,
      role: (id) => {
        const role = this.roles.get(id);
        return Promise.resolve(role ? { name: role.name, managed: role.managed } : null);
      },
      channel: async (id) => {
        const channel = (await this.channels()).find((candidate) => candidate.id === id);
        if (!channel) return null;
        const bot = await this.withRolesOf(await this.rest.botMember(this.id));
        const botPermissions = bot ? channelPermissions(this.snapshot, bot, channel) : 0n;
        return { name: channel.name, type: channel.type, botPermissions };
      },
    };
  }

  public cachedMember(): undefined {
    return undefined;
  }

  public async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
    const names = await Promise.all(
      userIds.map(async (userId) => [userId, await this.rest.displayName(this.id, userId)] as const),
    );
    return new Map(names.filter((entry): entry is [string, string] => entry[1] !== null));
  }

  /** A member with a role made since the guild was read: read the guild again, so their permissions count it. */
  private async withRolesOf(member: MemberSnapshot | null): Promise<MemberSnapshot | null> {
    if (member?.roleIds.some((roleId) => !this.snapshot.roles.has(roleId))) {
      this.snapshot = (await this.rest.guild(this.id, { fresh: true })) ?? this.snapshot;
    }
    return member;
  }
}

export interface DashboardGuildsOptions {
  /** The guild in this process's gateway cache, if there. */
  cached: (guildId: string) => Guild | undefined;
  /** Whether this process runs the guild's shard (then a guild missing from its cache is one the bot is not in). */
  owns: (guildId: string) => boolean;
  /**
   * Which of these guilds the bot has been in, from the database: a guild of another process is asked of Discord
   * only then, so ids the bot never saw (typed in a URL, a user's other servers) cost no failing request.
   */
  known: (guildIds: readonly string[]) => Promise<ReadonlySet<string>>;
  rest: GuildsOverRest;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** Finds the guilds the dashboard serves, in this process's cache or through REST (see {@link GuildView}). */
export class DashboardGuilds {
  public constructor(private readonly options: DashboardGuildsOptions) {}

  /** The guild, or null when the bot is not in it (or the id names none). */
  public async of(guildId: string): Promise<GuildView | null> {
    return (await this.ofMany([guildId])).get(guildId) ?? null;
  }

  /** Those of the guilds the bot is in, by id. */
  public async ofMany(guildIds: readonly string[]): Promise<Map<string, GuildView>> {
    const { cached, owns, known, rest } = this.options;
    const views = new Map<string, GuildView>();
    const elsewhere: string[] = [];
    for (const guildId of new Set(guildIds)) {
      if (!SNOWFLAKE.test(guildId)) continue;
      const guild = cached(guildId);
      if (guild?.available) views.set(guildId, new CachedGuildView(guild, rest));
      else if (!owns(guildId)) elsewhere.push(guildId);
    }
    const candidates = elsewhere.length ? await known(elsewhere) : new Set<string>();
    await Promise.all(
      elsewhere
        .filter((guildId) => candidates.has(guildId))
        .map(async (guildId) => {
          const snapshot = await rest.guild(guildId);
          if (snapshot) views.set(guildId, new RestGuildView(snapshot, rest));
        }),
    );
    return views;
  }
}
