import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls until `check` holds, every `intervalMs`, failing after `timeoutMs` with `description`; returns how long it
 * took.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = 5_000,
  intervalMs = 10,
): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await sleep(intervalMs);
  }
  return Date.now() - start;
}
