import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import type { BotConfig, ShardManagerSpec } from '../../config';
import { loginStartupError } from '../discordLogin';

/** The first respawn of a shard process that died waits this long; each further one twice as long, up to the cap. */
const RESPAWN_FIRST_MS = 1_000;
const RESPAWN_MAX_MS = 60_000;
/** A shard process that stayed up this long after ready starts its backoff over when it dies. */
const RESPAWN_RESET_AFTER_MS = 60_000;
/** Discord lets a bot identify one shard per 5 s (per `max_concurrency` bucket): processes start this far apart. */
const SPAWN_SPACING_MS = 5_500;
/** How long a shard process may take from start to ready (migrations included) before it is killed and retried. */
const READY_TIMEOUT_MS = 90_000;

/** Splits shard ids into the lists each process runs: `perProcess` consecutive ids each. */
export function shardGroups(ids: readonly number[], perProcess: number): number[][] {
  const groups: number[][] = [];
  for (let index = 0; index < ids.length; index += perProcess) groups.push(ids.slice(index, index + perProcess));
  return groups;
}

/** Compact `0-3, 8` text of shard ids, for logs. */
export function describeShards(ids: readonly number[]): string {
  const parts: string[] = [];
  for (let index = 0; index < ids.length;) {
    let end = index;
    while (end + 1 < ids.length && ids[end + 1] === ids[end]! + 1) end += 1;
    parts.push(end === index ? `${ids[index]}` : `${ids[index]}-${ids[end]}`);
    index = end + 1;
  }
  return parts.join(', ');
}

/** Discord's recommended shard count (`SHARDS=auto`), asked of DISCORD_API_URL (discord.js's helper asks discord.com). */
async function recommendedShardCount(config: BotConfig): Promise<number> {
  const rest = new REST({ api: config.discordApiUrl }).setToken(config.token!);
  try {
    return ((await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult).shards;
  } catch (error) {
    throw loginStartupError(error, config.discordApiUrl) ?? error;
  }
}

export interface RunningShardManager {
  /** The shard ids of each child process, by process index. */
  readonly groups: readonly (readonly number[])[];
  /** Stops every shard process with SIGTERM (each shuts down gracefully); resolves to 0 when all exited cleanly. */
  stop(): Promise<number>;
}

/**
 * Runs the bot's shards in child processes through discord.js's `ShardingManager`: `perProcess` shards in each,
 * started `SPAWN_SPACING_MS` apart. A process that dies is started again after a backoff (1 s, doubling up to
 * a minute, starting over once it stayed up); one that does not become ready in time is killed and retried.
 * Every child is the bot's own entry (`entry`), told its shards through the manager's environment.
 */
export async function runShardManager(
  config: BotConfig & { shardManager: ShardManagerSpec },
  entry: string,
  log: (line: string) => void,
): Promise<RunningShardManager> {
  const spec = config.shardManager;
  const total = spec.total === 'auto' ? await recommendedShardCount(config) : spec.total;
  const groups = shardGroups(spec.ids ?? Array.from({ length: total }, (_, id) => id), spec.perProcess);
  const manager = new ShardingManager(entry, {
    token: config.token,
    totalShards: total,
    shardList: groups.map((_, index) => index),
    // Our own respawn, with a backoff; discord.js's starts a crashing process again at once, forever.
    respawn: false,
    execArgv: process.execArgv,
  });
  log(
    `Shard manager: ${groups.length} process(es) for shard(s) ${describeShards(groups.flat())} of ${total}, ${spec.perProcess} per process.`,
  );

  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const start = (shard: Shard, ids: readonly number[]) => {
    let failures = 0;
    let readyAt: number | undefined;
    const name = `shard process ${shard.id} (shard(s) ${describeShards(ids)})`;
    const spawn = () => {
      if (stopping) return;
      shard.spawn(READY_TIMEOUT_MS).then(
        () => {
          readyAt = Date.now();
          log(`Shard manager: ${name} is ready (pid ${shard.process?.pid}).`);
        },
        (error: unknown) => {
          if (stopping) return;
          log(`Shard manager: ${name} did not become ready (${(error as Error).message}).`);
          // Still running but stuck: its death brings the respawn.
          shard.process?.kill('SIGKILL');
        },
      );
    };
    shard.on('death', (exited) => {
      // Process mode (the default): a ChildProcess.
      const child = exited as ChildProcess;
      if (stopping) return;
      if (readyAt !== undefined && Date.now() - readyAt >= RESPAWN_RESET_AFTER_MS) failures = 0;
      readyAt = undefined;
      const wait = Math.min(RESPAWN_FIRST_MS * 2 ** failures, RESPAWN_MAX_MS);
      failures += 1;
      log(
        `Shard manager: ${name} exited (${child.signalCode ?? `code ${child.exitCode}`}); starting it again in ${wait} ms.`,
      );
      later(wait, spawn);
    });
    spawn();
  };

  groups.forEach((ids, index) => {
    const shard = manager.createShard(index);
    // The manager's environment names one shard per process: each child gets its group, and the total.
    const env = shard.env as Record<string, string>;
    env.SHARDS = JSON.stringify(ids);
    env.SHARD_COUNT = String(total);
    // Each child serves its own metrics endpoint: consecutive ports from METRICS_PORT (0: any free port).
    if (config.metricsPort) env.METRICS_PORT = String(config.metricsPort + index);
    // One web dashboard (DASHBOARD_PORT) for the bot: in the first shard process only; an empty variable is unset.
    if (index > 0) env.DASHBOARD_PORT = '';
    later(index * SPAWN_SPACING_MS, () => start(shard, ids));
  });

  return {
    groups,
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const children = [...manager.shards.values()].flatMap((shard) => (shard.process ? [shard.process] : []));
      const exits = children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? 1;
        const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
        child.kill('SIGTERM');
        const [code] = await exited;
        return code ?? 1;
      });
      const codes = await Promise.all(exits);
      return codes.every((code) => code === 0) ? 0 : 1;
    },
  };
}
