import { existsSync } from 'node:fs';
import { container } from '@sapphire/framework';
import { type BotConfig, ConfigError, loadConfig, type ShardManagerSpec } from '../config';
import { startBot } from './bot';
import { runSandbox } from './sandbox';
import { runShardManager } from './sharding/ShardManager';
import { StartupError } from './startupError';

let config: BotConfig | undefined;

/** Entry point: `npm start`. With no DISCORD_TOKEN it runs the offline sandbox instead of connecting to Discord. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  config = loadConfig();
  if (config.shardManager) {
    await runManager({ ...config, shardManager: config.shardManager });
    return;
  }
  if (!config.token) {
    await runSandbox(config);
    process.exit(0);
  }
  const { shutdownTimeoutMs } = config;
  const bot = await startBot(config);
  let signalled = false;
  /** `cause`: what asked for it ("SIGTERM received"). */
  const shutdown = (cause: string) => {
    if (signalled) return;
    signalled = true;
    bot.client.logger.info(`${cause}: finishing running work and shutting down.`);
    const timer = setTimeout(() => {
      const lost = container.shutdownHooks.unfinished();
      bot.client.logger.error(
        `Shutdown took longer than ${shutdownTimeoutMs} ms; exiting anyway.${lost.length > 0 ? ` Not saved: ${lost.join('; ')}.` : ' Nothing unsaved.'}`,
      );
      process.exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    bot.stop().then(
      () => {
        bot.client.logger.info('Shut down cleanly.');
        process.exit(0);
      },
      (error: unknown) => {
        bot.client.logger.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT received'));
  process.once('SIGTERM', () => shutdown('SIGTERM received'));
  // A shard process whose manager is gone (killed, crashed) stops too, rather than run on with nobody to restart it.
  if (process.send) process.once('disconnect', () => shutdown('The shard manager went away'));
}

/** `SHARDS` / `SHARDS_PER_PROCESS`: this process only runs the shard processes, each of them this same entry. */
async function runManager(settings: BotConfig & { shardManager: ShardManagerSpec }): Promise<void> {
  if (!settings.token) {
    throw new StartupError(
      'SHARDS is set but DISCORD_TOKEN is not: shard processes connect to Discord with the token.',
    );
  }
  const log = (line: string) => console.log(line);
  const manager = await runShardManager(settings, __filename, log);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log(`Shard manager: ${signal} received, stopping every shard process.`);
    // Each child has its own SHUTDOWN_TIMEOUT_MS; past that and a margin, exit anyway.
    const timer = setTimeout(() => {
      log('Shard manager: shard processes did not stop in time; exiting anyway.');
      process.exit(1);
    }, settings.shutdownTimeoutMs + 2_000);
    timer.unref();
    void manager.stop().then((code) => {
      log(
        code === 0
          ? 'Shard manager: every shard process stopped cleanly.'
          : 'Shard manager: a shard process failed to stop cleanly.',
      );
      process.exit(code);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // Configuration and start-up problems are the operator's to fix: one clear message, no stack.
  if (
    error instanceof StartupError ||
    error instanceof ConfigError ||
    (error instanceof Error && /Unreachable|PluginLoad/.test(error.name))
  ) {
    console.error(error.message);
    if (error.cause && (config?.logLevel === 'debug' || config?.logLevel === 'trace')) {
      console.error('Details:', error.cause);
    }
  } else {
    console.error('The bot failed to start:', error);
  }
  process.exit(1);
});
