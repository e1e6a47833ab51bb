import { type Args, UserError } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, type Guild, type User } from 'discord.js';
import { pickOrUsage } from '#core/plugin-kit/args';
import { Permission } from '#core/permissions/enums';

export const NO_REASON = 'No reason given';
export const MAX_REASON_LENGTH = 500;

/** The preconditions of a moderation command: the seed permission it needs. */
export function requires(permission: Permission) {
  return [{ name: 'RequiresPermission' as const, context: { permission } }];
}

export function cleanReason(reason: string | null | undefined): string {
  const trimmed = reason?.trim();
  if (!trimmed) return NO_REASON;
  if (trimmed.length > MAX_REASON_LENGTH) {
    throw new UserError({
      identifier: 'ReasonTooLong',
      message: `Keep the reason under ${MAX_REASON_LENGTH} characters.`,
    });
  }
  return trimmed;
}

/**
 * A prefix command's target: a member by mention, id or name, or else any user by mention or id (someone who left
 * can still be banned, unbanned or looked up).
 */
export async function pickTargetUser(args: Args, usage: string): Promise<User> {
  const member = await args.pickResult('member');
  if (member.isOk()) return member.unwrap().user;
  return pickOrUsage(args, 'user', usage);
}

/** The optional rest of a prefix command: a reason. */
export async function restOrNull(args: Args): Promise<string | null> {
  const rest = await args.restResult('string');
  return rest.isOk() ? rest.unwrap() : null;
}

/**
 * Refuses before anything happens (before the member is told by DM) when the bot lacks the Discord permission the
 * action needs.
 */
export async function requireBotPermission(guild: Guild, permission: bigint, name: string, what: string) {
  const me = await guild.members.fetchMe();
  if (!me.permissions.has(permission)) {
    throw new UserError({
      identifier: 'BotMissingPermissions',
      message: `I need Discord's **${name}** permission to ${what}. A server admin can give it to my role.`,
    });
  }
}

/** Runs a Discord call, turning Discord's refusals into replies the moderator understands. */
export async function discordAction<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      if (error.code === RESTJSONErrorCodes.MissingPermissions) {
        throw new UserError({
          identifier: 'BotMissingPermissions',
          message: `Discord refused to let me ${what}: I am missing a permission or my role is too low.`,
        });
      }
      if (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownUser) {
        throw new UserError({ identifier: 'UnknownTarget', message: `I could not find that member to ${what}.` });
      }
    }
    throw error;
  }
}

/** Whether the user is banned in the guild now (asked of Discord, not a cache). */
export async function isBanned(guild: Guild, userId: string): Promise<boolean> {
  try {
    await guild.bans.fetch({ user: userId, force: true });
    return true;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownBan) return false;
    throw error;
  }
}
