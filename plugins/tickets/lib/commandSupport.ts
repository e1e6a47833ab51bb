import { UserError } from '@sapphire/framework';
import type { Subcommand, SubcommandMappingMethod } from '@sapphire/plugin-subcommands';
import type { GuildMember } from 'discord.js';
import type { Permission } from '#core/permissions/enums';

/** The preconditions of a subcommand: the permission it needs. */
export const needs = (permission: Permission) => [{ name: 'RequiresPermission' as const, context: { permission } }];

/**
 * A subcommand whose slash and prefix forms run the command's `chatInput<method>` and `message<method>` (`open`:
 * `chatInputOpen`, `messageOpen`), guarded by `permission` when given.
 */
export function route(name: string, permission?: Permission, method = name[0]!.toUpperCase() + name.slice(1)) {
  const mapping: SubcommandMappingMethod = {
    name,
    chatInputRun: `chatInput${method}`,
    messageRun: `message${method}`,
  };
  if (permission) mapping.preconditions = needs(permission);
  return mapping;
}

/**
 * The member a slash subcommand's user option names. The option may name a user who is not in the server: that is
 * refused with a UserError of `identifier`.
 */
export function memberOption(
  interaction: Subcommand.ChatInputCommandInteraction,
  name: string,
  identifier: string,
): GuildMember {
  // The bot's guilds are cached, so the member resolves to a GuildMember, never to raw API data.
  const member = interaction.options.getMember(name) as GuildMember | null;
  if (!member) throw new UserError({ identifier, message: 'That user is not a member of this server.' });
  return member;
}
