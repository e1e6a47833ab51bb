import { PermissionFlagsBits, type Client, type Guild, type GuildMember } from 'discord.js';
import type { Permission } from '../permissions/enums';
import { UserRole } from '../permissions/enums';
import type { PermissionService } from '../permissions/PermissionService';

/** A page or change the user may not have: the status and one line for the page. */
export class DashboardError extends Error {
  public override readonly name = 'DashboardError';
  public constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The same answer whether the server does not exist, lacks the bot or the user: ids reveal nothing. */
export const forbidden = () =>
  new DashboardError(403, 'You cannot manage this server: you need Manage Server there (or the bot’s admin role).');

/**
 * Who may do what on the dashboard, decided on every request from the bot's live view of the guild (its gateway
 * cache, else a REST fetch) — never from ids the browser sends or the guild list Discord gave at login — so a user
 * who loses Manage Server or leaves is refused at once.
 */
export class DashboardAccess {
  public constructor(
    private readonly client: () => Client,
    private readonly permissions: PermissionService,
  ) {}

  /** The guild and the user's member there, or null when the bot is not in it or the user is not a member. */
  public async memberOf(guildId: string, userId: string): Promise<{ guild: Guild; member: GuildMember } | null> {
    if (!/^\d{17,20}$/.test(guildId)) return null;
    const guild = this.client().guilds.cache.get(guildId);
    if (!guild) return null;
    const member = guild.members.cache.get(userId) ?? (await guild.members.fetch(userId).catch(() => null));
    return member ? { guild, member } : null;
  }

  /** Manage Server in Discord, or ADMIN by the bot's role mapping (owner, Administrator, the configured admin role). */
  public async manages(member: GuildMember): Promise<boolean> {
    if (member.permissions.has(PermissionFlagsBits.ManageGuild)) return true;
    return (await this.permissions.accessOf(member)).role === UserRole.ADMIN;
  }

  public async requireManager(guildId: string, userId: string): Promise<{ guild: Guild; member: GuildMember }> {
    const found = await this.memberOf(guildId, userId);
    if (!found || !(await this.manages(found.member))) throw forbidden();
    return found;
  }

  /** For staff pages: the member holds the seed permission there (managers too only if they hold it). */
  public async requirePermission(
    guildId: string,
    userId: string,
    permission: Permission,
  ): Promise<{ guild: Guild; member: GuildMember }> {
    const found = await this.memberOf(guildId, userId);
    if (!found || !(await this.permissions.has(found.member, permission))) {
      throw new DashboardError(403, `This page needs the ${permission} permission on that server.`);
    }
    return found;
  }
}
