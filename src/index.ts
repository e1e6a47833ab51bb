import { existsSync } from 'node:fs';
import { container } from '@sapphire/framework';
import { type BotConfig, ConfigError, loadConfig } from '../config';
import { startBot } from './bot';
import { runSandbox } from './sandbox';
import { StartupError } from './startupError';

let config: BotConfig | undefined;

/** Entry point: `npm start`. With no DISCORD_TOKEN it runs the offline sandbox instead of connecting to Discord. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  config = loadConfig();
  if (!config.token) {
    await runSandbox(config);
    process.exit(0);
  }
  const { shutdownTimeoutMs } = config;
  const bot = await startBot(config);
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    bot.client.logger.info(`${signal} received: finishing running work and shutting down.`);
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
