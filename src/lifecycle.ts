import { container } from '@sapphire/framework';

/**
 * Work to finish before the process exits (flush buffers, close pools), run in registration order on shutdown.
 * Plugins register theirs from their services; the core runs them after the gateway and the task worker stop.
 */
export class ShutdownHooks {
  private readonly hooks: { name: string; run: () => Promise<void> }[] = [];

  public add(name: string, run: () => Promise<void>): void {
    this.hooks.push({ name, run });
  }

  public async runAll(): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook.run();
      } catch (error) {
        container.logger.error(`Shutdown step "${hook.name}" failed:`, error);
      }
    }
  }
}
