import { UserError } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, roleMention, type Guild } from 'discord.js';

/**
 * Grants and takes back the Discord role of a ROLE item for one member. A refusal by Discord (role above the bot,
 * no Manage Roles, role deleted) becomes a UserError that says why, so the purchase around it rolls back.
 */
export function roleGrantsFor(guild: Guild, userId: string, itemName: string) {
  const explain = (error: unknown, roleId: string, doing: string): never => {
    if (error instanceof DiscordAPIError) {
      const why =
        error.code === RESTJSONErrorCodes.MissingPermissions
          ? `Discord refused: I need the **Manage Roles** permission and my highest role must be above ${roleMention(roleId)}.`
          : error.code === RESTJSONErrorCodes.UnknownRole
            ? 'The role of this item no longer exists.'
            : `Discord refused (${error.message}).`;
      throw new UserError({ identifier: 'RoleGrantRefused', message: `I couldn't ${doing} **${itemName}**. ${why}` });
    }
    throw error;
  };
  return {
    async grant(roleId: string) {
      await guild.members
        .addRole({ user: userId, role: roleId, reason: `Bought ${itemName} in the shop` })
        .catch((error: unknown) => explain(error, roleId, 'give you the role of'));
    },
    async revoke(roleId: string) {
      await guild.members
        .removeRole({ user: userId, role: roleId, reason: `Sold ${itemName} back to the shop` })
        .catch((error: unknown) => explain(error, roleId, 'take back the role of'));
    },
  };
}
