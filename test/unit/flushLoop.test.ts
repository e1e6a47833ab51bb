import { expect } from 'chai';
import { startFlushLoop } from '../../src/plugin-kit/flushLoop';
import { eventually } from '../helpers/wait';

describe('flush loop', () => {
  it('flushes soon after writes stop coming, without waiting for the interval, and not while nothing waits', async () => {
    let queuedAt: number | undefined;
    const flushes: boolean[] = [];
    const stop = startFlushLoop({
      intervalMs: 60_000,
      quietMs: 100,
      lastQueuedAt: () => queuedAt,
      flush: async (quiet) => {
        flushes.push(quiet);
        queuedAt = undefined;
      },
      onError: (error) => {
        throw error;
      },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(flushes, 'nothing queued').to.deep.equal([]);
      queuedAt = Date.now();
      const waited = await eventually(() => flushes.length === 1, 'the quiet flush', 5_000);
      expect(waited).to.be.at.least(100);
      expect(flushes).to.deep.equal([true]);
    } finally {
      stop();
    }
  });

  it('flushes on the interval under steady writes, one flush at a time, and goes on after a failed one', async () => {
    let running = 0;
    let overlapped = false;
    const calls: boolean[] = [];
    const errors: unknown[] = [];
    const stop = startFlushLoop({
      intervalMs: 150,
      quietMs: 60_000,
      // A write every moment: never quiet.
      lastQueuedAt: () => Date.now(),
      flush: async (quiet) => {
        running += 1;
        overlapped ||= running > 1;
        calls.push(quiet);
        await new Promise((resolve) => setTimeout(resolve, 300));
        running -= 1;
        if (calls.length === 1) throw new Error('the database is restarting');
      },
      onError: (error) => errors.push(error),
    });
    try {
      await eventually(() => calls.length >= 3, 'three interval flushes', 10_000);
      expect(overlapped, 'overlapping flushes').to.equal(false);
      expect(calls.every((quiet) => !quiet)).to.equal(true);
      expect(errors.map((error) => (error as Error).message)).to.deep.equal(['the database is restarting']);
    } finally {
      stop();
    }
  });
});
