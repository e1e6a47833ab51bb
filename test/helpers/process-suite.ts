import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator } from '../../emulator';
import { createTestDatabase, type TestDatabase } from './database';
import { runBotProcess, type BotProcess } from './process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from './redis';
import { eventually } from './wait';

/** An emulator and a database for one `describe`, and bots run against them as child processes. */
export interface BotProcessSuite {
  readonly emu: Emulator;
  /** The PostgreSQL database (not with `embedded`). */
  readonly database: TestDatabase;
  /** With `embedded`: the DATA_DIR whose PGlite database every start shares. */
  readonly dataDir: string;
  /** The environment `start()` runs the bot with (its Redis namespace aside, when each start gets its own). */
  readonly env: Record<string, string>;
  /** Runs the bot and waits until it logs ready; whatever is still running is killed after the suite. */
  start(): Promise<BotProcess>;
  /**
   * Runs the entry with more environment (a shard manager, a worker) and waits until `ready` holds for its output;
   * killed after the suite like the others.
   */
  startWith(env: Record<string, string>, ready: (output: string) => boolean): Promise<BotProcess>;
}

export interface BotProcessSuiteOptions {
  /** Give every start a fresh Redis namespace, so what an earlier process queued is lost, as after a Redis loss. */
  redisNamespacePerStart?: boolean;
  /** Run on the embedded PGlite database in a fresh DATA_DIR instead of a PostgreSQL database. */
  embedded?: boolean;
  /**
   * More environment for every start (e.g. `EXTRA_PLUGIN_DIRS`), or a function giving it when the suite starts
   * (after the caller's own `before` hooks, e.g. one starting a Redis Cluster). With REDIS_CLUSTER_NODES or
   * REDIS_SENTINELS in it, REDIS_URL is left out.
   */
  env?: Record<string, string> | (() => Record<string, string>);
  /** The emulator's shard count (Discord's recommendation in `GET /gateway/bot`; guilds go to shards by id). */
  shardCount?: number;
}

/**
 * Registers `before`/`after` hooks in the calling `describe` that start an emulator (token `<label>-token`) and a
 * fresh database, and stop and drop them afterwards. Its fields are set once the `before` hook has run.
 */
export function botProcessSuite(label: string, options: BotProcessSuiteOptions = {}): BotProcessSuite {
  const token = `${label}-token`;
  const running: BotProcess[] = [];
  let emu: Emulator | undefined;
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  let env: Record<string, string> | undefined;

  before(async () => {
    emu = await Emulator.start({ token, shardCount: options.shardCount });
    if (options.embedded) dataDir = mkdtempSync(join(tmpdir(), `bot-${label}-`));
    else database = await createTestDatabase(label.replaceAll('-', '_'));
    const extra = typeof options.env === 'function' ? options.env() : options.env;
    env = {
      DISCORD_TOKEN: token,
      DISCORD_API_URL: emu.apiUrl,
      ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: database!.url }),
      ...(extra?.REDIS_CLUSTER_NODES || extra?.REDIS_SENTINELS ? {} : { REDIS_URL: TEST_REDIS_URL }),
      REDIS_NAMESPACE: uniqueRedisNamespace(label),
      LOG_LEVEL: 'info',
      ...extra,
    };
  });

  after(async () => {
    for (const bot of running) bot.child.kill('SIGKILL');
    await emu?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('botProcessSuite is used before its before() hook ran');
    return value;
  };

  return {
    get emu() {
      return ready(emu);
    },
    get database() {
      return ready(database);
    },
    get dataDir() {
      return ready(dataDir);
    },
    get env() {
      return ready(env);
    },
    async start() {
      const startEnv = options.redisNamespacePerStart
        ? { ...ready(env), REDIS_NAMESPACE: uniqueRedisNamespace(label) }
        : ready(env);
      return this.startWith(startEnv, (output) => /Ready as /.test(output));
    },
    async startWith(more, isReady) {
      const bot = runBotProcess({ ...ready(env), ...more });
      running.push(bot);
      // PGlite creates and migrates its database in WebAssembly: a first start takes longer than on PostgreSQL.
      await eventually(() => isReady(bot.output()), 'the bot to log ready', options.embedded ? 90_000 : 60_000).catch(
        (error: Error) => {
          throw new Error(`${error.message}; it printed:\n${bot.output()}`);
        },
      );
      return bot;
    },
  };
}
