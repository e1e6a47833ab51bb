/**
 * Baseline: how many MESSAGE_CREATE a bare discord.js client consumes per second from the emulator
 * (running in a child process), with a trivial messageCreate handler. Later benchmarks compare against it.
 *
 *   node --conditions=development --require @swc-node/register bench/gateway-baseline.ts [messages]
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { EmulatorProcessReply, EmulatorProcessRequest } from './emulator-process';

export interface GatewayBaselineOptions {
  messages?: number;
  guilds?: number;
  members?: number;
  /** Send each message from the next member in turn (in their guild) instead of from one member in one channel. */
  fromEveryMember?: boolean;
  /** With `fromEveryMember`: only the first N members speak. */
  speakers?: number;
}

export interface GatewayBaselineResult {
  messages: number;
  /** Messages per second from the first to the last one received. */
  messagesPerSecond: number;
  durationMs: number;
  /** Peak resident set size of this (the client's) process, in bytes. */
  peakRssBytes: number;
  /** CPU time (user + system) this process used per message while receiving them. */
  cpuMicrosPerMessage: number;
}

const TOKEN = 'bench-token';

/** Starts the emulator child process; `send` resolves with its next reply. */
export async function startEmulatorProcess(): Promise<{
  child: ChildProcess;
  send: (request: EmulatorProcessRequest) => Promise<EmulatorProcessReply>;
}> {
  const child = fork(path.join(__dirname, 'emulator-process.ts'), [], {
    // e.g. BENCH_EMULATOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the emulator too.
    execArgv: [
      '--conditions=development',
      '--require',
      '@swc-node/register',
      ...(process.env.BENCH_EMULATOR_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const send = (request: EmulatorProcessRequest) =>
    new Promise<EmulatorProcessReply>((resolve, reject) => {
      child.once('message', (reply: EmulatorProcessReply) =>
        reply.type === 'error' ? reject(new Error(`emulator process: ${reply.message}`)) : resolve(reply),
      );
      child.send(request);
    });
  return { child, send };
}

export async function measureGatewayBaseline(options: GatewayBaselineOptions = {}): Promise<GatewayBaselineResult> {
  const messages = options.messages ?? 200_000;
  const { child, send } = await startEmulatorProcess();
  const ready = await send({
    type: 'setup',
    token: TOKEN,
    guilds: options.guilds ?? 100,
    members: options.members ?? 20_000,
  });
  if (ready.type !== 'ready') throw new Error(`unexpected reply ${ready.type}`);
  const clientOptions: Omit<ClientOptions, 'tasks'> = {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    rest: { api: ready.apiUrl },
  };
  // @sapphire/plugin-scheduled-tasks (imported by src/) makes `tasks` required on every ClientOptions in the
  // program; a bare discord.js Client never reads it.
  const client = new Client(clientOptions as ClientOptions);
  let received = 0;
  let firstAt = 0;
  let lastAt = 0;
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const allReceived = new Promise<void>((resolve) => {
    client.on(Events.MessageCreate, () => {
      received += 1;
      lastAt = performance.now();
      if (received === 1) firstAt = lastAt;
      if (received === messages) resolve();
    });
  });
  const clientReady = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(TOKEN);
  await clientReady;
  const cpuBefore = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  try {
    await send(
      options.fromEveryMember
        ? { type: 'push-members', count: messages, speakers: options.speakers }
        : { type: 'push', count: messages },
    );
    await allReceived;
    cpu = process.cpuUsage(cpuBefore);
  } finally {
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    await client.destroy();
    child.send({ type: 'stop' } satisfies EmulatorProcessRequest);
  }
  const durationMs = lastAt - firstAt;
  return {
    messages,
    messagesPerSecond: (messages - 1) / (durationMs / 1000),
    durationMs,
    peakRssBytes: peakRss,
    cpuMicrosPerMessage: (cpu.user + cpu.system) / messages,
  };
}

if (require.main === module) {
  const messages = Number(process.argv[2] ?? 200_000);
  measureGatewayBaseline({ messages })
    .then((result) => {
      console.log(`gateway baseline: ${result.messages} MESSAGE_CREATE in ${result.durationMs.toFixed(0)} ms`);
      console.log(`  ${Math.round(result.messagesPerSecond)} messages/s`);
      console.log(`  peak RSS of the client process: ${(result.peakRssBytes / 1024 / 1024).toFixed(1)} MiB`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
