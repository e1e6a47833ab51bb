/**
 * One shard of the bare discord.js baseline as a process of its own (`bench/lib/shardedBaseline.ts` starts one per
 * shard, as the bot runs one process per shard): a client with a trivial messageCreate handler, driven over IPC.
 * `start` logs in as shard `shard` of `shardCount` and answers `ready`; once it has received `expect` messages it
 * answers `done` with when the first and last arrived (milliseconds since the epoch, comparable across processes),
 * its CPU time while receiving and its peak RSS; `stop` exits.
 */
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';

export type BareShardRequest =
  | { type: 'start'; apiUrl: string; token: string; shard: number; shardCount: number; expect: number }
  | { type: 'stop' };

export type BareShardReply =
  | { type: 'ready' }
  | { type: 'done'; firstAt: number; lastAt: number; cpuMicros: number; peakRssBytes: number }
  | { type: 'error'; message: string };

const now = () => performance.timeOrigin + performance.now();

function reply(message: BareShardReply): void {
  process.send?.(message);
}

let client: Client | undefined;

async function start(request: Extract<BareShardRequest, { type: 'start' }>): Promise<void> {
  const options: Omit<ClientOptions, 'tasks'> = {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: request.apiUrl },
    shards: request.shard,
    shardCount: request.shardCount,
  };
  // @sapphire/plugin-scheduled-tasks (imported by src/) makes `tasks` required on every ClientOptions in the
  // program; a bare discord.js Client never reads it.
  const bare = new Client(options as ClientOptions);
  client = bare;
  let received = 0;
  let firstAt = 0;
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  let cpuBefore = process.cpuUsage();
  bare.on(Events.MessageCreate, () => {
    received += 1;
    if (received === 1) firstAt = now();
    if (received !== request.expect) return;
    const lastAt = now();
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    reply({ type: 'done', firstAt, lastAt, cpuMicros: cpu.user + cpu.system, peakRssBytes: peakRss });
  });
  const ready = new Promise<void>((resolve) => bare.once(Events.ClientReady, () => resolve()));
  await bare.login(request.token);
  await ready;
  cpuBefore = process.cpuUsage();
  reply({ type: 'ready' });
}

process.on('message', (request: BareShardRequest) => {
  if (request.type === 'stop') {
    void (client?.destroy() ?? Promise.resolve()).finally(() => process.exit(0));
    return;
  }
  start(request).catch((error: unknown) => reply({ type: 'error', message: String(error) }));
});
