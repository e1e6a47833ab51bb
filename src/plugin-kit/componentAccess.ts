import { container } from '@sapphire/framework';
import type { Interaction } from 'discord.js';
import type { Permission } from '../permissions/enums';

/**
 * Who may use a button, select menu or modal. A component outlives the command that drew it and anyone who sees the
 * message can click it, so the check is made again for the member who clicks (or submits), never inherited from the
 * one who ran the command. Every interaction handler declares one (the permission matrix reads them).
 */
export type ComponentAccess =
  /** The clicker needs this permission in the server; refused with the same words as the command's guard. */
  | { permission: Permission }
  /**
   * Anyone may click because what it does is the clicker's own (their form, their rating, what they may see); the
   * text says which check keeps it so (e.g. "the ticket's opener, checked against the ticket").
   */
  | { own: string }
  /** The originating command's preconditions, run again for the clicker (the core's page buttons). */
  | { originatingCommand: true };

/** A handler that says who may use its components. */
export interface DeclaresComponentAccess {
  readonly access: ComponentAccess;
}

export function declaresComponentAccess(handler: object): handler is DeclaresComponentAccess {
  const access = (handler as Partial<DeclaresComponentAccess>).access;
  return typeof access === 'object' && access !== null;
}

/** The refusal a clicker without the permission sees: the words of the RequiresPermission guard. */
export function missingPermissionMessage(permission: Permission): string {
  return `You need the **${permission}** permission for that. A server admin can grant it with \`/permissions grant\`.`;
}

/** Why the member who clicked may not use a component with this access, or null when they may. */
export async function clickerDenial(access: ComponentAccess, interaction: Interaction): Promise<string | null> {
  if (!('permission' in access)) return null;
  if (!interaction.guild) return 'That only works in a server.';
  const member = await interaction.guild.members.fetch(interaction.user.id).catch(() => null);
  if (member && (await container.permissions.has(member, access.permission))) return null;
  return missingPermissionMessage(access.permission);
}
