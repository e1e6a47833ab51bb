import { container } from '@sapphire/framework';
import type { PluginRegistry } from './PluginRegistry';

/**
 * Calls every plugin's `reconcile` hook for all guilds, so the work each keeps in Redis agrees with the database:
 * at start-up (the client became ready) and whenever Redis reconnects. One plugin's failure is logged and does not
 * stop the others.
 */
export async function reconcilePlugins(plugins: PluginRegistry, reason: string): Promise<void> {
  for (const plugin of plugins.all) {
    if (!plugin.reconcile) continue;
    try {
      await plugin.reconcile();
    } catch (error) {
      container.logger.error(`Plugin "${plugin.name}": reconcile (${reason}) failed:`, error);
    }
  }
}
