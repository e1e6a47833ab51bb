import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { MemberSnapshot } from '../guilds/guildSnapshot';
import { guildPermissions, snapshotFacts } from '../permissions/discordPermissions';
import type { Permission } from '../permissions/enums';
import { UserRole } from '../permissions/enums';
import type { MemberAccess, PermissionService } from '../permissions/PermissionService';
import type { DashboardGuilds, GuildView } from './guildViews';

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

/** A user's member in a guild the dashboard serves, both as read for this request. */
export interface Membership {
  guild: GuildView;
  member: MemberSnapshot;
}

/**
 * Who may do what on the dashboard, decided on every request from the bot's live view of the guild — its gateway
 * cache when the guild's shard runs in this process, else Discord's REST API (the member asked each time, the
 * guild's roles reused a few seconds) — never from ids the browser sends or the guild list Discord gave at login,
 * so a user who loses Manage Server or leaves is refused at once, whichever shard process holds the guild.
 */
export class DashboardAccess {
  public constructor(
    private readonly guilds: DashboardGuilds,
    private readonly permissions: PermissionService,
  ) {}

  /** The guild and the user's member there, or null when the bot is not in it or the user is not a member. */
  public async memberOf(guildId: string, userId: string): Promise<Membership | null> {
    const guild = await this.guilds.of(guildId);
    return guild && this.membershipIn(guild, userId);
  }

  /** The user's member in a guild already found. */
  public async membershipIn(guild: GuildView, userId: string): Promise<Membership | null> {
    const member = await guild.member(userId);
    return member ? { guild, member } : null;
  }

  /** Manage Server in Discord, or ADMIN by the bot's role mapping (owner, Administrator, the configured admin role). */
  public async manages(membership: Membership): Promise<boolean> {
    if (guildPermissions(membership.guild, membership.member) & PermissionFlagsBits.ManageGuild) return true;
    return (await this.accessOf(membership)).role === UserRole.ADMIN;
  }

  /** The member's role and seed permissions there (role mapping and the guild's overrides). */
  public accessOf({ guild, member }: Membership): Promise<MemberAccess> {
    return this.permissions.accessIn(guild.id, snapshotFacts(guild, member));
  }

  public async requireManager(guildId: string, userId: string): Promise<Membership> {
    const found = await this.memberOf(guildId, userId);
    if (!found || !(await this.manages(found))) throw forbidden();
    return found;
  }

  /** For staff pages: the member holds the seed permission there (managers too only if they hold it). */
  public async requirePermission(guildId: string, userId: string, permission: Permission): Promise<Membership> {
    const found = await this.memberOf(guildId, userId);
    if (!found || !(await this.accessOf(found)).permissions.has(permission)) {
      throw new DashboardError(403, `This page needs the ${permission} permission on that server.`);
    }
    return found;
  }
}
