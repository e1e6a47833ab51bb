import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { shardOfGuild } from '../../src/plugin-kit/guildOwnership';
import type { BareShardReply, BareShardRequest } from '../bare-shard-client';
import { startEmulatorProcess, type GatewayBaselineResult } from '../gateway-baseline';

const TOKEN = 'bench-token';

export interface ShardedBaselineOptions {
  messages: number;
  guilds: number;
  members: number;
  /** Shards, each a bare client in a process of its own. */
  shards: number;
}

/**
 * How many of the messages `push-members` sends land in each shard: message i comes from member i mod `members`, who
 * is in guild (i mod `members`) mod the guild count.
 */
export function messagesPerShard(guildIds: readonly string[], members: number, messages: number, shards: number) {
  const shardOf = guildIds.map((guildId) => shardOfGuild(guildId, shards));
  const perShard = new Array<number>(shards).fill(0);
  for (let index = 0; index < messages; index += 1) perShard[shardOf[(index % members) % guildIds.length]!]! += 1;
  return perShard;
}

/** A bare client process; `next` resolves with its next reply. */
function startClient(): { child: ChildProcess; next: () => Promise<BareShardReply> } {
  const child = fork(path.join(__dirname, '..', 'bare-shard-client.ts'), [], {
    execArgv: ['--conditions=development', '--require', '@swc-node/register'],
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<BareShardReply>((resolve, reject) =>
      child.once('message', (reply: BareShardReply) =>
        reply.type === 'error' ? reject(new Error(`bare shard client: ${reply.message}`)) : resolve(reply),
      ),
    );
  return { child, next };
}

/**
 * The bare discord.js baseline with the bot's shard layout: one client process per shard, each given only its
 * shard's guilds by the emulator, as Discord does. The rate is every message over the time from the first one any
 * shard received to the last; CPU is all the clients' together, peak RSS the largest client's.
 */
export async function measureShardedBaseline(options: ShardedBaselineOptions): Promise<GatewayBaselineResult> {
  const { messages, guilds, members, shards } = options;
  const { child: emulator, send } = await startEmulatorProcess();
  const clients: ReturnType<typeof startClient>[] = [];
  try {
    const ready = await send({ type: 'setup', token: TOKEN, guilds, members, shards });
    if (ready.type !== 'ready') throw new Error(`unexpected reply ${ready.type}`);
    const expected = messagesPerShard(ready.guildIds, members, messages, shards);
    if (expected.includes(0)) throw new Error(`a shard gets none of the messages: ${expected.join(' / ')}`);
    for (let shard = 0; shard < shards; shard += 1) clients.push(startClient());
    const started = clients.map(async ({ child, next }, shard) => {
      const answer = next();
      child.send({
        type: 'start',
        apiUrl: ready.apiUrl,
        token: TOKEN,
        shard,
        shardCount: shards,
        expect: expected[shard]!,
      } satisfies BareShardRequest);
      if ((await answer).type !== 'ready') throw new Error('bare shard client: no ready');
    });
    await Promise.all(started);
    const finished = Promise.all(clients.map(({ next }) => next()));
    await send({ type: 'push-members', count: messages });
    const results = (await finished).map((result) => {
      if (result.type !== 'done') throw new Error(`bare shard client: unexpected ${result.type}`);
      return result;
    });
    const durationMs =
      Math.max(...results.map((result) => result.lastAt)) - Math.min(...results.map((result) => result.firstAt));
    return {
      messages,
      messagesPerSecond: (messages - 1) / (durationMs / 1000),
      durationMs,
      peakRssBytes: Math.max(...results.map((result) => result.peakRssBytes)),
      cpuMicrosPerMessage: results.reduce((sum, result) => sum + result.cpuMicros, 0) / messages,
    };
  } finally {
    await Promise.all(
      clients.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.send({ type: 'stop' } satisfies BareShardRequest);
        await exited;
      }),
    );
    emulator.send({ type: 'stop' });
  }
}
