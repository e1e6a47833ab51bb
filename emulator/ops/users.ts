import { GatewayDispatchEvents, type APIUser } from 'discord-api-types/v10';
import type { EmulatorCore } from '../core';
import { memberPayload } from '../payloads';

export interface UserEdit {
  username?: string;
  global_name?: string | null;
  avatar?: string | null;
}

/**
 * A user changes their profile (name, display name, avatar). Discord tells a bot through GUILD_MEMBER_UPDATE in
 * every guild they share (discord.js turns a changed user into `userUpdate`), and USER_UPDATE only for the bot's own
 * user. Nothing in the audit log.
 */
export function updateUser(core: EmulatorCore, userId: string, edit: UserEdit): APIUser {
  const user = core.requireUser(userId);
  if (edit.username !== undefined) user.username = edit.username;
  if (edit.global_name !== undefined) user.global_name = edit.global_name;
  if (edit.avatar !== undefined) user.avatar = edit.avatar;
  if (userId === core.botUserId) core.dispatch(GatewayDispatchEvents.UserUpdate, user);
  for (const guild of core.world.guilds.values()) {
    const member = guild.members.get(userId);
    if (!member) continue;
    core.dispatch(
      GatewayDispatchEvents.GuildMemberUpdate,
      { ...memberPayload(core.world, member), guild_id: guild.id },
      { guildId: guild.id },
    );
  }
  return user;
}

/** A member sets (or, with null, removes) their avatar for one server: GUILD_MEMBER_UPDATE. */
export function setMemberAvatar(core: EmulatorCore, guildId: string, userId: string, avatar: string | null): void {
  const guild = core.requireGuild(guildId);
  const member = core.requireMember(guild, userId);
  member.avatar = avatar;
  core.dispatch(
    GatewayDispatchEvents.GuildMemberUpdate,
    { ...memberPayload(core.world, member), guild_id: guild.id },
    { guildId: guild.id },
  );
}
