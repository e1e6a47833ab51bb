import { container } from '@sapphire/framework';

/**
 * Work to finish before the process exits (flush buffers, close pools), run in registration order on shutdown.
 * Plugins register theirs from their services; the core runs them after the gateway and the task worker stop.
 */
export class ShutdownHooks {
  private readonly hooks: { name: string; run: () => Promise<void>; unfinished?: () => string | undefined }[] = [];
  private current: string | undefined;

  /**
   * `unfinished` describes what the step would still lose if the process stopped now (undefined: nothing), so a
   * shutdown that runs out of time, or a step that fails, says in the log exactly what was lost.
   */
  public add(name: string, run: () => Promise<void>, unfinished?: () => string | undefined): void {
    this.hooks.push({ name, run, unfinished });
  }

  public async runAll(): Promise<void> {
    for (const hook of this.hooks) {
      this.current = hook.name;
      try {
        await hook.run();
      } catch (error) {
        const lost = hook.unfinished?.();
        container.logger.error(`Shutdown step "${hook.name}" failed${lost ? `; lost: ${lost}` : ''}:`, error);
      }
    }
    this.current = undefined;
  }

  /** What every step still holds, one line each, for the log when shutdown runs out of time. */
  public unfinished(): string[] {
    const lines: string[] = [];
    for (const hook of this.hooks) {
      const lost = hook.unfinished?.();
      if (lost) lines.push(`${hook.name}${hook.name === this.current ? ' (running)' : ''}: ${lost}`);
    }
    return lines;
  }
}

/**
 * Commands running now (slash, context menu, prefix) and error replies being sent, so shutdown can wait for them to
 * finish and answer before it closes Discord's REST client. Sapphire's run and finish events mark them.
 */
export class WorkInFlight {
  private running = 0;
  private lastStartedAt = 0;
  private readonly waiters = new Set<() => void>();
  private readonly byKey = new WeakMap<object, () => void>();

  /** Marks one piece of work started; call the returned function once when it is done. */
  public begin(): () => void {
    this.running += 1;
    this.lastStartedAt = Date.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running -= 1;
      if (this.running === 0) for (const wake of this.waiters) wake();
    };
  }

  /** {@link begin} for work known by an object (an interaction, a message); `onEnd` runs with its end. */
  public beginFor(key: object, onEnd?: () => void): void {
    const end = this.begin();
    this.byKey.get(key)?.();
    this.byKey.set(key, () => {
      onEnd?.();
      end();
    });
  }

  public endFor(key: object): void {
    this.byKey.get(key)?.();
    this.byKey.delete(key);
  }

  public get count(): number {
    return this.running;
  }

  /**
   * Resolves true once nothing has run for `quietMs` (work received just before the gateway closed may still be
   * starting), false if that did not happen within `timeoutMs`.
   */
  public async idle(timeoutMs: number, quietMs = 250): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = Date.now();
      if (this.running === 0 && now - this.lastStartedAt >= quietMs) return true;
      if (now >= deadline) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(quietMs, Math.max(1, deadline - now)));
        this.waiters.add(wake);
      });
    }
  }
}
