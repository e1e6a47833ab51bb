import { expect } from 'chai';
import { durationMs, formatDuration, MAX_TIMEOUT_MS, parseDuration } from '../../src/plugin-kit/durations';

describe('durations', () => {
  it('reads 10m, 2h, 7d, 1w2d and 1h30m', () => {
    expect(['10m', '2h', '7d', '1w2d', '1h30m'].map(durationMs)).to.deep.equal([
      600_000, 7_200_000, 604_800_000, 777_600_000, 5_400_000,
    ]);
  });

  it('refuses forever, negative, zero and unit-less durations with an example of a good one', () => {
    for (const text of ['forever', '-5m', '0m', '5', '']) {
      expect(() => parseDuration(text, { maxMs: MAX_TIMEOUT_MS, what: 'timeout' }), text).to.throw(
        /is not a duration\. Use a number and a unit, e\.g\. `10m`/,
      );
    }
  });

  it("refuses more than the maximum, naming it: Discord's 28 days for a timeout", () => {
    expect(() => parseDuration('28d', { maxMs: MAX_TIMEOUT_MS, what: 'timeout' })).not.to.throw();
    expect(() => parseDuration('28d1m', { maxMs: MAX_TIMEOUT_MS, what: 'timeout' })).to.throw(
      'A timeout can last at most 4w; `28d1m` is longer.',
    );
  });

  it('formats with the two largest units', () => {
    expect([777_600_000, 5_400_000, 30_000, 0].map(formatDuration)).to.deep.equal(['1w2d', '1h30m', '30s', '0s']);
  });
});
