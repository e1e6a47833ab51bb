import { expect } from 'chai';
import { isDatabaseUnavailableError } from '../../src/database/unavailable';
import { WorkInFlight } from '../../src/lifecycle';
import { AUTO_DEFER_MS, autoDeferDelay } from '../../src/plugin-kit/respond';
import { isRedisUnavailableError } from '../../src/redis/connect';
import { RateLimitedLog } from '../../src/redis/outageLog';

describe('fault handling helpers', () => {
  it("defers a slow command's reply 2 s after Discord created the interaction, however late the command started", () => {
    const created = 1_000_000;
    expect(autoDeferDelay(created, created)).to.equal(AUTO_DEFER_MS);
    expect(autoDeferDelay(created, created + 900), 'waited 0.9 s in a burst').to.equal(AUTO_DEFER_MS - 900);
    expect(autoDeferDelay(created, created + 2_500), 'already late: at once').to.equal(0);
    expect(autoDeferDelay(created, created - 500), 'a clock behind Discord never waits longer').to.equal(AUTO_DEFER_MS);
  });

  it('logs the first failure of a kind, then one summary per window with how many were left out', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RateLimitedLog(
      (line) => lines.push(line),
      60_000,
      () => now,
    );
    log.report('redis', 'Task queue: Redis unavailable', new Error('Connection is closed.'));
    for (let i = 0; i < 240; i += 1) {
      now += 250; // four a second for a minute
      log.report('redis', 'Task queue: Redis unavailable', new Error('Connection is closed.'));
    }
    expect(lines).to.deep.equal([
      'Task queue: Redis unavailable: Connection is closed.',
      'Task queue: Redis unavailable (239 more like it in the last 60 s): Connection is closed.',
    ]);
    log.reset('redis');
    log.report('redis', 'again');
    expect(lines.at(-1)).to.equal('again');
  });

  it('tells a database that is down or gave up waiting from other database errors', () => {
    const driver = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    const typeorm = (driverError: Error) => Object.assign(new Error(driverError.message), { driverError });
    expect(
      isDatabaseUnavailableError(typeorm(driver('57014', 'canceling statement due to statement timeout'))),
    ).to.equal(true);
    expect(isDatabaseUnavailableError(typeorm(driver('55P03', 'canceling statement due to lock timeout')))).to.equal(
      true,
    );
    expect(isDatabaseUnavailableError(driver('57P01', 'terminating connection due to administrator command'))).to.equal(
      true,
    );
    expect(isDatabaseUnavailableError(driver('ECONNREFUSED'))).to.equal(true);
    expect(isDatabaseUnavailableError(new Error('timeout exceeded when trying to connect'))).to.equal(true);
    expect(isDatabaseUnavailableError(new Error('Connection terminated unexpectedly'))).to.equal(true);
    expect(
      isDatabaseUnavailableError(typeorm(driver('23505', 'duplicate key value violates unique constraint'))),
    ).to.equal(false);
    expect(isDatabaseUnavailableError(new Error('something else'))).to.equal(false);
  });

  it("tells ioredis's errors of a Redis that is down from others", () => {
    expect(
      isRedisUnavailableError(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).to.equal(true);
    expect(isRedisUnavailableError(new Error('Command timed out'))).to.equal(true);
    expect(isRedisUnavailableError(Object.assign(new Error('x'), { name: 'MaxRetriesPerRequestError' }))).to.equal(
      true,
    );
    expect(
      isRedisUnavailableError(new Error('WRONGTYPE Operation against a key holding the wrong kind of value')),
    ).to.equal(false);
  });

  it('waits for work in flight to end, and reports when it does not within the time', async () => {
    const work = new WorkInFlight();
    const key = {};
    let ended = false;
    work.beginFor(key, () => (ended = true));
    expect(await work.idle(100, 10)).to.equal(false);
    setTimeout(() => work.endFor(key), 50);
    expect(await work.idle(2_000, 10)).to.equal(true);
    expect(ended).to.equal(true);
    expect(work.count).to.equal(0);
  });
});
