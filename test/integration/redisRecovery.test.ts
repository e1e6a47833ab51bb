import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createRedis } from '../../src/redis/connect';
import { InvalidationBus } from '../../src/redis/InvalidationBus';
import { eventually } from '../helpers/wait';

/** A free TCP port on loopback, for a throw-away Redis server. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

describe('Redis dropping out after start-up', function () {
  this.timeout(30_000);
  const logged: string[] = [];
  let server: ChildProcess;
  let port: number;
  let originalLogger: typeof container.logger;

  before(async () => {
    originalLogger = container.logger;
    const record = (...values: unknown[]) => logged.push(values.map(String).join(' '));
    container.logger = { warn: record, info: record } as unknown as typeof container.logger;
    port = await freePort();
    server = startRedis(port);
  });

  after(() => {
    container.logger = originalLogger;
    server.kill('SIGKILL');
  });

  it('warns once, keeps retrying, and works again (dropping caches) when Redis is back', async () => {
    const url = `redis://127.0.0.1:${port}`;
    const publisher = createRedis(url, 'test publisher');
    const subscriber = createRedis(url, 'test subscriber');
    const bus = new InvalidationBus(publisher, subscriber, 'recovery:guild-settings');
    const invalidated: string[] = [];
    let resets = 0;
    bus.onInvalidate((guildId) => invalidated.push(guildId));
    bus.onReset(() => resets++);
    await eventually(() => publisher.status === 'ready', 'the first connection');
    await bus.start();
    logged.length = 0; // the server may have still been starting when the clients first connected

    server.kill('SIGKILL');
    await eventually(() => logged.some((line) => /Redis \(test \w+\) connection lost/.test(line)), 'a warning');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // One line for the outage, however many connections notice it and however often they retry.
    expect(logged.filter((line) => /connection lost/.test(line))).to.have.length(1);

    const resetsBefore = resets;
    server = startRedis(port);
    await eventually(
      () => logged.some((line) => /Redis \(test \w+\) connection restored after \d+ s/.test(line)),
      'recovery',
      15_000,
    );
    await eventually(() => resets > resetsBefore, 'caches dropped after the outage');
    expect(logged.filter((line) => /connection restored/.test(line))).to.have.length(1);
    await eventually(
      async () => {
        await bus.publish('1500000000000000001');
        await new Promise((resolve) => setTimeout(resolve, 50));
        return invalidated.includes('1500000000000000001');
      },
      'invalidations to flow again',
      10_000,
    );
    publisher.disconnect();
    subscriber.disconnect();
  });
});
