import { In, type DataSource } from 'typeorm';
import { User } from '../database/entities/User';

/** The ban fields of the core's global `User` row (the seed's `isBanned`, `bannedUntil`, `banReason`). */
export interface UserBan {
  isBanned: boolean;
  bannedUntil: Date | null;
  banReason: string | null;
}

/**
 * Records a user's last ban (`ban`: until when, null for permanent, and why) or unban (`null`) on their `User` row.
 * With a username the row is created when missing; without one only an existing row changes. The `users` table
 * belongs to the core: plugins write these fields through here, not through its entity.
 */
export async function setUserBan(
  dataSource: DataSource,
  user: { id: string; username?: string },
  ban: { until: Date | null; reason: string } | null,
): Promise<void> {
  const values = { isBanned: ban !== null, bannedUntil: ban?.until ?? null, banReason: ban?.reason ?? null };
  const users = dataSource.getRepository(User);
  if (user.username === undefined) {
    await users.update({ id: user.id }, values);
  } else {
    await users.upsert({ id: user.id, username: user.username.slice(0, 100), ...values }, ['id']);
  }
}

/** Clears the ban fields of these users in one statement (e.g. after their tempbans expired). */
export async function clearUserBans(dataSource: DataSource, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await dataSource
    .getRepository(User)
    .update({ id: In([...userIds]) }, { isBanned: false, bannedUntil: null, banReason: null });
}

/** A user's ban fields, or null when the user has no row. */
export async function userBanOf(dataSource: DataSource, userId: string): Promise<UserBan | null> {
  return dataSource
    .getRepository(User)
    .findOne({ where: { id: userId }, select: { isBanned: true, bannedUntil: true, banReason: true } });
}
