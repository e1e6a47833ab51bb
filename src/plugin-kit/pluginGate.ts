import { container, type Piece } from '@sapphire/framework';

/**
 * Whether a piece may act in a guild: core pieces always, a plugin's pieces only where the plugin is enabled.
 * The shared check behind the PluginEnabled precondition and the plugin base classes.
 */
export async function isPieceEnabledIn(piece: Piece, guildId: string | null | undefined): Promise<boolean> {
  const plugin = container.plugins.ofPiece(piece);
  if (!plugin || !guildId) return true;
  return plugin.handle.isEnabled(guildId);
}

/** {@link isPieceEnabledIn} without waiting, from the cached guild state; undefined when it is not loaded yet. */
export function isPieceEnabledNow(piece: Piece, guildId: string | null | undefined): boolean | undefined {
  const plugin = container.plugins.ofPiece(piece);
  if (!plugin || !guildId) return true;
  return plugin.handle.isEnabledNow(guildId);
}

/** The refusal a member sees when using a disabled plugin: which plugin, and who can switch it on. */
export function disabledPluginMessage(pluginName: string): string {
  return `The **${pluginName}** plugin is disabled on this server. A server admin can turn it on with \`/plugins enable ${pluginName}\`.`;
}
