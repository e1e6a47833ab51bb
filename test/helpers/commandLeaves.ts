import { container, type PreconditionEntryResolvable } from '@sapphire/framework';
import type { SubcommandMapping, SubcommandMappingMethod } from '@sapphire/plugin-subcommands';
import {
  ApplicationCommandOptionType,
  type APIApplicationCommand,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import { DEFAULT_PERMISSIONS } from '../../src/permissions/defaults';
import { USER_ROLE_RANK, UserRole, type Permission } from '../../src/permissions/enums';

/** What the reliability suites read of the command registry: the running bot's commands, as Discord sees them. */

export type Guard = { permission: Permission } | { role: UserRole };

/** One slash leaf: a command, or one subcommand of it (in a group or not), with every guard it declares. */
export interface Leaf {
  path: string;
  command: string;
  group?: string;
  subcommand?: string;
  options: APIApplicationCommandOption[];
  guards: Guard[];
  /** Whether the leaf has a prefix form too (`!command [group] subcommand`). */
  prefix: boolean;
}

/** The roles the suites run as, each a member whose role comes from the guild's configured roles. */
export const MATRIX_ROLES = [UserRole.USER, UserRole.SUPPORT_AGENT, UserRole.MODERATOR, UserRole.ADMIN] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** What a precondition's refusal says (RequiresPermission, RequiresRole), for commands and components alike. */
export const DENIAL =
  /^(You need the \*\*\w+\*\* permission for that|Only members with the \*\*\w+\*\* role can do that)/;

/** Every leaf of the registered commands, with the guards Sapphire's command (and subcommand mapping) declares. */
export function slashLeaves(registered: APIApplicationCommand[]): Leaf[] {
  const leaves: Leaf[] = [];
  for (const definition of registered) {
    const command = container.stores.get('commands').get(definition.name);
    if (!command) throw new Error(`/${definition.name} is registered but not a command piece`);
    const own = guardsOf(command.options.preconditions);
    const mappings = (command.options as { subcommands?: SubcommandMapping[] }).subcommands ?? [];
    const options = definition.options ?? [];
    const subcommands = options.filter(
      (option) =>
        option.type === ApplicationCommandOptionType.Subcommand ||
        option.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subcommands.length === 0) {
      leaves.push({
        path: `/${definition.name}`,
        command: definition.name,
        options,
        guards: own,
        prefix: typeof command.messageRun === 'function',
      });
      continue;
    }
    for (const option of subcommands) {
      if (option.type === ApplicationCommandOptionType.SubcommandGroup) {
        for (const sub of option.options ?? []) {
          leaves.push({
            path: `/${definition.name} ${option.name} ${sub.name}`,
            command: definition.name,
            group: option.name,
            subcommand: sub.name,
            options: sub.options ?? [],
            guards: [...own, ...guardsOf(subcommandMapping(mappings, `${option.name}.${sub.name}`)?.preconditions)],
            prefix: subcommandMapping(mappings, `${option.name}.${sub.name}`)?.messageRun !== undefined,
          });
        }
      } else if (option.type === ApplicationCommandOptionType.Subcommand) {
        const mapping = subcommandMapping(mappings, option.name);
        leaves.push({
          path: `/${definition.name} ${option.name}`,
          command: definition.name,
          subcommand: option.name,
          options: option.options ?? [],
          guards: [...own, ...guardsOf(mapping?.preconditions)],
          prefix: mapping?.messageRun !== undefined,
        });
      }
    }
  }
  return leaves.sort((a, b) => a.path.localeCompare(b.path));
}

/** A subcommand's mapping by `sub` or `group.sub`. */
export function subcommandMapping(
  mappings: readonly SubcommandMapping[],
  key: string,
): SubcommandMappingMethod | undefined {
  const [first, second] = key.split('.');
  if (second === undefined) {
    return mappings.find((each): each is SubcommandMappingMethod => each.type !== 'group' && each.name === first);
  }
  const group = mappings.find((mapping) => mapping.type === 'group' && mapping.name === first);
  return group?.type === 'group' ? group.entries.find((each) => each.name === second) : undefined;
}

/** The RequiresPermission and RequiresRole entries of a precondition list (nested lists included). */
export function guardsOf(entries: readonly PreconditionEntryResolvable[] | undefined): Guard[] {
  const guards: Guard[] = [];
  for (const entry of entries ?? []) {
    if (Array.isArray(entry)) guards.push(...guardsOf(entry as PreconditionEntryResolvable[]));
    else if (typeof entry !== 'object' || entry === null || !('name' in entry)) continue;
    else if (entry.name === 'RequiresPermission') guards.push(entry.context as { permission: Permission });
    else if (entry.name === 'RequiresRole') guards.push(entry.context as { role: UserRole });
  }
  return guards;
}

/** Whether a role passes every guard with its default permissions (no grants or revokes in the test guild). */
export function allows(guards: readonly Guard[], role: UserRole): boolean {
  return guards.every((guard) =>
    'permission' in guard
      ? DEFAULT_PERMISSIONS[role].has(guard.permission)
      : USER_ROLE_RANK[role] >= USER_ROLE_RANK[guard.role],
  );
}

/** The prefix text that runs a leaf (without arguments). */
export function prefixText(leaf: Leaf, prefix = '!'): string {
  return `${prefix}${[leaf.command, leaf.group, leaf.subcommand].filter(Boolean).join(' ')}`;
}
