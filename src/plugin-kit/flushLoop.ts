/** How often a flush loop looks at what is pending. */
const TICK_MS = 50;
/**
 * No write for this long means traffic stopped: the gateway delivers a busy bot's events in reads milliseconds apart,
 * so a tenth of a second without one is a pause, not a gap between two reads.
 */
const DEFAULT_QUIET_MS = 100;

export interface FlushLoopOptions {
  /** Under steady traffic, what is pending is written this often (also the most a hard crash can lose). */
  intervalMs: number;
  /** Once no write has come for this long, what is pending is written without waiting for the interval. */
  quietMs?: number;
  /** When the last write was queued, or undefined while nothing waits for a flush. */
  lastQueuedAt: () => number | undefined;
  /** Writes what is pending; `quiet` says the traffic stopped (so nothing is worth holding back for later). */
  flush: (quiet: boolean) => Promise<unknown>;
  onError: (error: unknown) => void;
}

/**
 * Writes buffered rows on an interval, and soon after traffic stops: a hot path that buffers its writes (levels'
 * counters, audit events) pays one statement per interval under load, yet what it was told reaches the database
 * soon after the last event when things calm down — not up to a whole interval later. One flush at a time.
 * Returns the function that stops the loop (a flush in progress finishes).
 */
export function startFlushLoop(options: FlushLoopOptions): () => void {
  let lastFlushAt = Date.now();
  let flushing = false;
  const timer = setInterval(() => {
    const now = Date.now();
    const queuedAt = options.lastQueuedAt();
    const quiet = queuedAt !== undefined && now - queuedAt >= (options.quietMs ?? DEFAULT_QUIET_MS);
    if (flushing || (now - lastFlushAt < options.intervalMs && !quiet)) return;
    lastFlushAt = now;
    flushing = true;
    options
      .flush(quiet)
      .catch(options.onError)
      .finally(() => (flushing = false));
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
