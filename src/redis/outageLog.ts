import { container } from '@sapphire/framework';

/**
 * Keeps a failing dependency from flooding the log: the first report of a kind is written in full, then at most one
 * summary line per window saying how many more there were. A Redis or database outage otherwise logs a stack trace
 * for every retry of every connection (several a second).
 */
export class RateLimitedLog {
  private readonly kinds = new Map<string, { windowStart: number; suppressed: number }>();

  public constructor(
    private readonly write: (message: string) => void,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Logs `message` (with `error`) unless a report of this kind was logged within the window; counts it then. */
  public report(kind: string, message: string, error?: unknown): void {
    const time = this.now();
    const seen = this.kinds.get(kind);
    if (seen === undefined) {
      this.kinds.set(kind, { windowStart: time, suppressed: 0 });
      // One line: the stack of a refused connection says nothing the message does not.
      this.write(`${message}${describe(error)}`);
      return;
    }
    if (time - seen.windowStart < this.windowMs) {
      seen.suppressed += 1;
      return;
    }
    const summary =
      seen.suppressed > 0
        ? ` (${seen.suppressed} more like it in the last ${Math.round((time - seen.windowStart) / 1000)} s)`
        : '';
    seen.windowStart = time;
    seen.suppressed = 0;
    // Only the message after the first time: the stack was written once already.
    this.write(
      `${message}${summary}: ${error instanceof Error ? error.message : String(error ?? '')}`.replace(/: $/, ''),
    );
  }

  /** Forgets a kind (its dependency recovered), so the next failure is written in full again. */
  public reset(kind: string): void {
    this.kinds.delete(kind);
  }
}

function describe(error: unknown): string {
  if (error === undefined) return '';
  return `: ${error instanceof Error ? error.message : String(error)}`;
}

/** The process's log of dependency failures (Redis, the database) seen by commands, listeners and tasks. */
export const outageLog = new RateLimitedLog((message) => container.logger.warn(message));
