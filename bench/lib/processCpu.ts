import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system, all threads) a live process has used so far (Linux: /proc/<pid>/stat, 100 ticks a
 * second); 0 for one that has exited meanwhile.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Waits until a process has finished the work it had (start-up, or what a measured burst left queued): under 5 % of
 * a core over a second, or 60 s at most. A figure then measures what it offers, not leftovers overlapping it.
 */
export async function settled(pid: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const before = cpuSecondsOf(pid);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (cpuSecondsOf(pid) - before < 0.05 || Date.now() > deadline) return;
  }
}
