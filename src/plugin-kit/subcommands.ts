import type { SubcommandMappingMethod } from '@sapphire/plugin-subcommands';
import type { Permission } from '../permissions/enums';

/** The preconditions of a command or subcommand that needs `permission`. */
export const needs = (permission: Permission) => [{ name: 'RequiresPermission' as const, context: { permission } }];

/**
 * A subcommand whose slash and prefix forms run the command's `chatInput<Method>` and `message<Method>` (`open`:
 * `chatInputOpen`, `messageOpen`), guarded by `permission` when given.
 */
export function route(
  name: string,
  permission?: Permission,
  method = name[0]!.toUpperCase() + name.slice(1),
): SubcommandMappingMethod {
  const mapping: SubcommandMappingMethod = { name, chatInputRun: `chatInput${method}`, messageRun: `message${method}` };
  if (permission) mapping.preconditions = needs(permission);
  return mapping;
}
