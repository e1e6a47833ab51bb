import type { DataSource } from 'typeorm';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { SettingReference } from '#core/plugin-kit/settingNotices';
import { BirthdayGuild } from '../entities/BirthdayAnnouncement';
import type { profileSettings } from '../settings';
import { isBirthday, localMoment, parseBirthday, parseTimeZone } from './birthdayDates';
import { ProfileRepository } from './ProfileRepository';

export interface BirthdayServiceDependencies {
  dataSource: DataSource;
  plugin: PluginHandle<typeof profileSettings>;
  /** The time: the test drives it. */
  clock: () => Date;
  /** Posts the announcement, pinging only the member; returns the message id. */
  post: (channelId: string, content: string, userId: string) => Promise<string>;
  addRole: (guildId: string, userId: string, roleId: string) => Promise<void>;
  removeRole: (guildId: string, userId: string, roleId: string) => Promise<void>;
  /**
   * Whether the role or channel a setting names still exists; when it is gone, the admins are told once (and the
   * birthday is announced without it).
   */
  stillExists: (guildId: string, kind: 'role' | 'channel', reference: SettingReference) => Promise<boolean>;
  logger: { warn(...values: unknown[]): void };
}

interface Candidate {
  userId: string;
  birthday: string;
  timezone: string | null;
}

/**
 * Birthdays: members set theirs (a date and a zone) once, and ask for it to be announced in a server by setting it
 * there. The recurring tick announces those whose local date has become their birthday, once per year: the
 * announcement row (guild, user, year) is claimed before posting, so restarts and concurrent ticks cannot repeat it.
 */
export class BirthdayService {
  private readonly profiles: ProfileRepository;

  public constructor(private readonly deps: BirthdayServiceDependencies) {
    this.profiles = new ProfileRepository(deps.dataSource);
  }

  public async set(guildId: string, userId: string, date: string, timezone: string | null) {
    const birthday = parseBirthday(date, this.deps.clock());
    const zone = timezone === null ? null : parseTimeZone(timezone);
    const profile = await this.profiles.upsert(userId, { birthday, ...(zone === null ? {} : { timezone: zone }) });
    await this.deps.dataSource.getRepository(BirthdayGuild).upsert({ guildId, userId }, ['guildId', 'userId']);
    return profile;
  }

  /** Stops announcing the member's birthday in this server. */
  public async remove(guildId: string, userId: string): Promise<boolean> {
    const result = await this.deps.dataSource.getRepository(BirthdayGuild).delete({ guildId, userId });
    return (result.affected ?? 0) > 0;
  }

  /** The server's birthdays in a month (1–12), by day. */
  public async ofMonth(guildId: string, month: number): Promise<{ userId: string; day: number }[]> {
    const rows: { userId: string; day: number }[] = await this.deps.dataSource.query(
      `SELECT b.user_id AS "userId", extract(day FROM p.birthday)::int AS day
       FROM profile_birthday_guild b JOIN profile p ON p.user_id = b.user_id
       WHERE b.guild_id = $1 AND extract(month FROM p.birthday) = $2
       ORDER BY day, b.user_id`,
      [guildId, month],
    );
    return rows;
  }

  /** One pass of the recurring job: every enabled guild's birthdays that have begun, and roles whose day is over. */
  public async tick(): Promise<void> {
    const guildIds: { guildId: string }[] = await this.deps.dataSource.query(
      'SELECT DISTINCT guild_id AS "guildId" FROM profile_birthday_guild',
    );
    for (const { guildId } of guildIds) {
      if (!(await this.deps.plugin.isEnabled(guildId))) continue;
      try {
        await this.tickGuild(guildId);
      } catch (error) {
        this.deps.logger.warn(`Birthdays: guild ${guildId} failed this tick:`, error);
      }
    }
    await this.takeBackRoles();
  }

  public async tickGuild(guildId: string): Promise<void> {
    const settings = await this.deps.plugin.settings(guildId);
    if (!settings.birthdayChannelId && !settings.birthdayRoleId) return;
    const now = this.deps.clock();
    // Local dates are at most a day from UTC's: only birthdays within a day of today are worth a look.
    const days = [-1, 0, 1].map((offset) => {
      const date = new Date(now.getTime() + offset * 86_400_000);
      return `${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
    });
    const candidates: Candidate[] = await this.deps.dataSource.query(
      `SELECT b.user_id AS "userId", to_char(p.birthday, 'YYYY-MM-DD') AS birthday, p.timezone
       FROM profile_birthday_guild b JOIN profile p ON p.user_id = b.user_id
       WHERE b.guild_id = $1 AND to_char(p.birthday, 'MM-DD') = ANY($2::text[])`,
      [guildId, [...days, '02-29']],
    );
    for (const candidate of candidates) {
      const local = localMoment(now, candidate.timezone ?? 'UTC');
      if (!isBirthday(local, candidate.birthday)) continue;
      const roleEndsAt = new Date(now.getTime() + (86_400 - local.secondsIntoDay) * 1000);
      await this.announce(guildId, candidate.userId, local.year, settings, roleEndsAt);
    }
  }

  private async announce(
    guildId: string,
    userId: string,
    year: number,
    settings: { birthdayChannelId: string | null; birthdayRoleId: string | null },
    roleEndsAt: Date,
  ) {
    const claimed: unknown[] = await this.deps.dataSource.query(
      `INSERT INTO profile_birthday_announcement (guild_id, user_id, year) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [guildId, userId, year],
    );
    if (claimed.length === 0) return;
    const exists = (kind: 'role' | 'channel', setting: string, id: string | null, skipped: string) =>
      id ? this.deps.stillExists(guildId, kind, { plugin: 'profile', setting, id, skipped }) : false;
    let messageId: string | null = null;
    try {
      if (await exists('channel', 'birthdayChannelId', settings.birthdayChannelId, 'birthdays are not announced')) {
        messageId = await this.deps.post(settings.birthdayChannelId!, `🎂 Happy birthday, <@${userId}>!`, userId);
      }
    } catch (error) {
      // Not announced: give the claim back so the next tick of the day tries again.
      await this.deps.dataSource.query(
        'DELETE FROM profile_birthday_announcement WHERE guild_id = $1 AND user_id = $2 AND year = $3',
        [guildId, userId, year],
      );
      throw error;
    }
    let roleId: string | null = null;
    try {
      if (await exists('role', 'birthdayRoleId', settings.birthdayRoleId, 'nobody gets a birthday role')) {
        await this.deps.addRole(guildId, userId, settings.birthdayRoleId!);
        roleId = settings.birthdayRoleId;
      }
    } catch (error) {
      // Announced already: a role Discord would not give (or could not say exists) is skipped, not retried.
      this.deps.logger.warn(`Birthdays: could not give the birthday role in guild ${guildId}:`, error);
    }
    await this.deps.dataSource.query(
      `UPDATE profile_birthday_announcement SET message_id = $4, role_id = $5, role_ends_at = $6
       WHERE guild_id = $1 AND user_id = $2 AND year = $3`,
      [guildId, userId, year, messageId, roleId, roleId ? roleEndsAt : null],
    );
  }

  /** Takes back the birthday roles whose local day has ended (the database says which: nothing is lost on restart). */
  private async takeBackRoles(): Promise<void> {
    const due: { guildId: string; userId: string; year: number; roleId: string }[] = await this.deps.dataSource.query(
      `SELECT guild_id AS "guildId", user_id AS "userId", year, role_id AS "roleId" FROM profile_birthday_announcement
       WHERE role_id IS NOT NULL AND role_ends_at <= $1`,
      [this.deps.clock()],
    );
    for (const row of due) {
      try {
        await this.deps.removeRole(row.guildId, row.userId, row.roleId);
      } catch (error) {
        this.deps.logger.warn(`Birthdays: could not take back the birthday role in guild ${row.guildId}:`, error);
      }
      await this.deps.dataSource.query(
        'UPDATE profile_birthday_announcement SET role_id = NULL WHERE guild_id = $1 AND user_id = $2 AND year = $3',
        [row.guildId, row.userId, row.year],
      );
    }
  }
}
