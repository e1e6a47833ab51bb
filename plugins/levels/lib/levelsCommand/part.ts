import type { Subcommand, SubcommandMapping } from '@sapphire/plugin-subcommands';
import type { SlashCommandSubcommandsOnlyBuilder } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { settingsActorOf } from '#core/plugin-kit/guildConfig';
import type { CommandSource } from '#core/plugin-kit/respond';
import levels from '../../index';
import type { LevelsSettings } from '../../settings';

/**
 * One responsibility of `/levels` (a subcommand group, or a few plain subcommands): its subcommands with their
 * handlers and preconditions, and the slash-command options it adds. `commands/levels.ts` puts the parts together.
 */
export interface LevelsCommandPart {
  subcommands: SubcommandMapping[];
  register(builder: SlashCommandSubcommandsOnlyBuilder): void;
}

export type Chat = Subcommand.ChatInputCommandInteraction;

export const MANAGE_MEMBERS = [
  { name: 'RequiresPermission', context: { permission: Permission.MANAGE_USER_PROFILE } },
] as const;
export const MANAGE_SETTINGS = [
  { name: 'RequiresPermission', context: { permission: Permission.MANAGE_BOT_SETTINGS } },
] as const;

/** Stores one levels setting as the admin who ran the command, validated as `/plugins config` does. */
export async function saveSetting<Key extends keyof LevelsSettings & string>(
  source: CommandSource,
  key: Key,
  value: LevelsSettings[Key],
): Promise<void> {
  await levels.setSetting(source.guild!.id, key, value, settingsActorOf(source));
}
