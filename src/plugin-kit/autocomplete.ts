import type { Piece } from '@sapphire/framework';
import type { AutocompleteInteraction } from 'discord.js';
import { isPieceEnabledIn } from './pluginGate';

/** Discord shows at most this many autocomplete choices. */
const MAX_CHOICES = 25;
/** A choice's name and value hold at most this many characters. */
const MAX_CHOICE_LENGTH = 100;

/**
 * Answers a plugin command's autocomplete with the names `load` finds for the text typed so far (at most 64
 * characters of it), each offered as its own value; with nothing at all where the plugin is disabled (or outside a
 * server), so members of such a server never see what the plugin holds. Autocomplete skips preconditions, hence
 * this gate.
 */
export async function autocompleteIfEnabled(
  piece: Piece,
  interaction: AutocompleteInteraction,
  load: (guildId: string, typed: string) => Promise<readonly string[]>,
): Promise<void> {
  const { guildId } = interaction;
  if (!guildId || !(await isPieceEnabledIn(piece, guildId))) {
    await interaction.respond([]);
    return;
  }
  const names = await load(guildId, String(interaction.options.getFocused()).slice(0, 64));
  await interaction.respond(
    names
      .filter((name) => name.length <= MAX_CHOICE_LENGTH)
      .slice(0, MAX_CHOICES)
      .map((name) => ({ name, value: name })),
  );
}
