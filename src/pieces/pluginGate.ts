import { container, type Piece } from '@sapphire/framework';

/**
 * Whether a piece may act in a guild: core pieces always, a plugin's pieces only where the plugin is enabled.
 * The shared check behind the PluginEnabled precondition and the plugin base classes.
 */
export async function isPieceEnabledIn(piece: Piece, guildId: string | null | undefined): Promise<boolean> {
  const plugin = container.plugins.ofPiece(piece);
  if (!plugin || !guildId) return true;
  return container.guildSettings.isEnabled(guildId, plugin.name);
}

/** {@link isPieceEnabledIn} without waiting, from the cached guild state; undefined when it is not loaded yet. */
export function isPieceEnabledNow(piece: Piece, guildId: string | null | undefined): boolean | undefined {
  const plugin = container.plugins.ofPiece(piece);
  if (!plugin || !guildId) return true;
  return container.guildSettings.isEnabledNow(guildId, plugin.name);
}

/** The refusal a member sees when using a disabled plugin: which plugin, and who can switch it on. */
export function disabledPluginMessage(pluginName: string): string {
  return `The **${pluginName}** plugin is disabled on this server. A server admin can turn it on with \`/plugins enable ${pluginName}\`.`;
}

/** The guild an event is about, read off its first argument (a message, member, interaction, guild, channel…). */
export function guildIdOfEventArgs(args: readonly unknown[]): string | null {
  const [first] = args;
  if (typeof first !== 'object' || first === null) return null;
  const candidate = first as { guildId?: unknown; guild?: { id?: unknown }; id?: unknown; members?: unknown };
  if (typeof candidate.guildId === 'string') return candidate.guildId;
  if (typeof candidate.guild?.id === 'string') return candidate.guild.id;
  // A Guild itself (guildCreate, guildUpdate): it has a member manager.
  if (candidate.members !== undefined && typeof candidate.id === 'string') return candidate.id;
  return null;
}
