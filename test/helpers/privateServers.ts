import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { eventually } from './wait';

/**
 * A Redis or PostgreSQL server of a test's own, on a free port, that the test may stop and start again: for what
 * happens when one goes away. Never the shared servers the other tests use.
 */
export interface PrivateServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a redis-server without persistence on `port` (more options in `extra`, or a config file and `--sentinel`
 * before them in `leading`) and waits until it listens.
 */
async function spawnRedis(
  port: number,
  extra: readonly string[] = [],
  { cwd, leading = [] }: { cwd?: string; leading?: readonly string[] } = {},
): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [...leading, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra],
    { stdio: 'ignore', cwd },
  );
  await eventually(() => reachable(port), `redis-server on port ${port}`, 5_000);
  return child;
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** A redis-server without persistence on a free port. */
export async function privateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = await spawnRedis(port);
  };
  const stop = () => kill(child);
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop, destroy: stop };
}

/** Redis beyond one node, as a test of its own starts it: the bot's environment for it, and how to stop it. */
export interface PrivateRedisTopology {
  /** REDIS_CLUSTER_NODES, or REDIS_SENTINELS and REDIS_SENTINEL_NAME, with REDIS_PASSWORD. */
  env: Record<string, string>;
  /** Stops every server and removes their files. */
  destroy(): Promise<void>;
}

/**
 * A Redis Cluster of `masters` nodes (no replicas) on free ports, in a temporary folder, every node requiring
 * `password`: the three-node cluster the Redis docs show, made by `redis-cli --cluster create`.
 */
export async function privateRedisCluster(masters = 3, password = 'cluster-secret'): Promise<PrivateRedisTopology> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-redis-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const destroy = async () => {
    await Promise.all(children.map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < masters; index += 1) {
      const port = await freePort();
      ports.push(port);
      const node = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`];
      children.push(
        await spawnRedis(port, [...node, '--requirepass', password, '--masterauth', password], { cwd: dir }),
      );
    }
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    const auth = ['-a', password, '--no-auth-warning'];
    execFileSync('redis-cli', [...auth, '--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], {
      stdio: 'pipe',
    });
    // Every node must agree the 16,384 slots are served before a client's first command lands on it.
    await eventually(
      () =>
        ports.every((port) =>
          /cluster_state:ok/.test(
            execFileSync('redis-cli', [...auth, '-p', String(port), 'cluster', 'info']).toString(),
          ),
        ),
      'the Redis Cluster to be ok on every node',
      20_000,
    );
    return { env: { REDIS_CLUSTER_NODES: nodes.join(','), REDIS_PASSWORD: password }, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * A primary Redis with one replica, both requiring `password`, watched by one Sentinel as `name` (quorum 1, down
 * after a second): `failover()` kills the primary and resolves once the Sentinel names the replica in its place.
 */
export async function privateRedisSentinel(
  name = 'mymaster',
  password = 'sentinel-secret',
): Promise<PrivateRedisTopology & { failover(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bot-redis-sentinel-'));
  const children: ChildProcess[] = [];
  const destroy = async () => {
    await Promise.all(children.map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const auth = ['--requirepass', password, '--masterauth', password];
    const [primaryPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
    // In the folder: the replica writes the primary's snapshot to disk when it syncs.
    const primary = await spawnRedis(primaryPort, auth, { cwd: dir });
    children.push(primary);
    children.push(
      await spawnRedis(replicaPort, [...auth, '--replicaof', '127.0.0.1', String(primaryPort)], { cwd: dir }),
    );
    // Sentinel rewrites its configuration file as it learns the topology: one of its own, in the folder.
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1`,
        `sentinel auth-pass ${name} ${password}`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 5000`,
        '',
      ].join('\n'),
    );
    children.push(await spawnRedis(sentinelPort, [], { cwd: dir, leading: [conf, '--sentinel'] }));
    const primaryNow = () =>
      execFileSync('redis-cli', ['-p', String(sentinelPort), 'sentinel', 'get-master-addr-by-name', name])
        .toString()
        .split('\n')[1]
        ?.trim();
    const replicaLinked = () =>
      /master_link_status:up/.test(
        execFileSync('redis-cli', [
          '-a',
          password,
          '--no-auth-warning',
          '-p',
          String(replicaPort),
          'info',
          'replication',
        ]).toString(),
      );
    await eventually(
      () => primaryNow() === String(primaryPort) && replicaLinked(),
      'the replica to follow the primary',
      10_000,
    );
    return {
      env: {
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        REDIS_SENTINEL_NAME: name,
        REDIS_PASSWORD: password,
      },
      destroy,
      failover: async () => {
        await kill(primary);
        await eventually(() => primaryNow() === String(replicaPort), 'the Sentinel to promote the replica', 30_000);
      },
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * A PostgreSQL cluster in a temporary folder on a free port (trust authentication, no fsync), with a database
 * `bot`. PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user.
 */
export async function privatePostgres(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bot-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const bin = postgresBin();
  const run = (program: string, args: string[]) => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: 'pipe' });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = async () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  await client.query('CREATE DATABASE bot');
  await client.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/bot`,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The folder of PostgreSQL's server programs (`initdb`, `pg_ctl`), which Debian keeps off the PATH. */
function postgresBin(): string {
  try {
    return execFileSync('pg_config', ['--bindir']).toString().trim();
  } catch {
    return '';
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}
