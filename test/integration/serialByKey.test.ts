import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { SerialByKey } from '../../src/plugin-kit/serialByKey';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';

describe('work serialised by key across processes (Redis)', () => {
  // Two connections, two instances: as two processes sharing one Redis.
  const connections = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  after(() => Promise.all(connections.map((connection) => connection.quit())));
  let namespace = '';
  const pair = (leaseMs?: number) => {
    namespace = uniqueRedisNamespace('serial');
    return connections.map((connection) => new SerialByKey(connection, namespace, leaseMs));
  };

  it('never runs one key twice at once; calls meanwhile hand over and cost one more run, not one each', async () => {
    const [a, b] = pair();
    let running = 0;
    let most = 0;
    let runs = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      runs += 1;
      await sleep(100);
      running -= 1;
    };
    const first = a!.run('guild-1', work);
    await sleep(20);
    const during = await Promise.all([b!.run('guild-1', work), a!.run('guild-1', work), b!.run('guild-1', work)]);
    expect(during).to.deep.equal(['handed-over', 'handed-over', 'handed-over']);
    expect(await first).to.equal('ran');
    expect(most).to.equal(1);
    expect(runs).to.equal(2);
  });

  it('loses no call that arrives while the holder is finishing', async () => {
    const [a, b] = pair();
    let runs = 0;
    let handled = 0;
    let owed = 0;
    const work = async () => {
      runs += 1;
      handled = owed;
      await sleep(1);
    };
    // Calls at random moments: after all settle, the last run saw every call before it.
    await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        await sleep(Math.random() * 60);
        owed += 1;
        await (index % 2 ? a! : b!).run('guild-2', work);
      }),
    );
    expect(handled).to.equal(owed);
    expect(runs).to.be.below(60);
  });

  it('runs different keys side by side', async () => {
    const [a, b] = pair();
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(50);
      running -= 1;
    };
    await Promise.all([a!.run('guild-a', work), b!.run('guild-b', work), a!.run('guild-c', work)]);
    expect(most).to.equal(3);
  });

  it('frees the key of a holder that crashed once its lease lapses, and releases it when the work fails', async () => {
    const [a, b] = pair(300);
    await connections[0]!.set(
      `${(a as unknown as { namespace: string }).namespace}:serial:guild-3`,
      'crashed',
      'PX',
      300,
    );
    expect(await b!.run('guild-3', async () => undefined)).to.equal('handed-over');
    await sleep(350);
    expect(await b!.run('guild-3', async () => undefined)).to.equal('ran');
    const failing = a!.run('guild-3', () => Promise.reject(new Error('boom')));
    await failing.then(
      () => expect.fail('the failure was swallowed'),
      (error: Error) => expect(error.message).to.equal('boom'),
    );
    expect(await b!.run('guild-3', async () => undefined)).to.equal('ran');
  });
});
