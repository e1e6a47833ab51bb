/**
 * Economy benchmark: /pay commands between members of one guild, sent through the Discord emulator to the real bot
 * (PostgreSQL, Redis), against a baseline of /help — a core command that touches no database — in the same run.
 * Prints commands per second and the latency from dispatching the interaction to the bot's interaction response.
 *
 *   npm run bench:economy -- [commands=5000] [members=200] [concurrency=8]
 *
 * `concurrency` commands are in flight at once (8: a busy guild; on two cores more only adds queueing to every
 * latency). The emulator runs in this process, as in the end-to-end tests; both commands pay for it alike.
 */
import { container } from '@sapphire/framework';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { loadConfig } from '../config';
import { Emulator, type OptionValue } from '../emulator';
import { startBot } from '../src/bot';
import { createTestDatabase } from '../test/helpers/database';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../test/helpers/redis';

const TOKEN = 'bench-token';

interface Figures {
  commands: number;
  commandsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/**
 * Sends `total` commands from `concurrency` simulated members at a time (each sends its next command as soon as its
 * previous one was answered) and times each from dispatch to the interaction callback.
 */
async function measure(
  emu: Emulator,
  channelId: string,
  total: number,
  concurrency: number,
  nextCommand: (index: number) => { userId: string; command: string; options: Record<string, OptionValue> },
  succeeded: (reply: APIMessage) => boolean,
): Promise<Figures> {
  const latencies: number[] = [];
  let failures = 0;
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        const { userId, command, options } = nextCommand(issued++);
        const sentAt = performance.now();
        const handle = await emu.actor(userId).slash(channelId, command, { options });
        await handle.response(30_000);
        latencies.push(performance.now() - sentAt);
        if (!succeeded(await handle.reply(30_000))) failures += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    commands: total,
    commandsPerSecond: total / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures,
  };
}

async function main() {
  const [total = 5_000, memberCount = 200, concurrency = 8] = process.argv.slice(2).map(Number);
  const emu = await Emulator.start({ token: TOKEN });
  const database = await createTestDatabase('bench');
  const bot = await startBot(
    loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('bench'),
      REST_REQUESTS_PER_SECOND: '10000',
      LOG_LEVEL: 'error',
    }),
  );
  try {
    await emu.waitForCommandsRegistered(['pay', 'help'], { timeoutMs: 30_000 });
    const owner = emu.createUser({ username: 'owner' });
    const guild = emu.createGuild({ name: 'Bench', ownerId: owner.id });
    const members: APIUser[] = [];
    for (let index = 0; index < memberCount; index++) {
      const user = emu.createUser({ username: `payer${index}` });
      emu.addMember(guild.id, user.id);
      members.push(user);
    }
    await new Promise((resolve) => setTimeout(resolve, 500)); // the bot receives the guild and its members
    const setup = { userId: owner.id, source: 'system' } as const;
    await container.guildSettings.enablePlugin(guild.id, 'economy', setup);
    await container.guildSettings.setPluginSetting(guild.id, 'economy', 'startingBalance', '1000000000', setup);
    for (const member of members) await container.economy.account(guild.id, member.id);

    let seed = 7;
    const randomMember = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return members[seed % members.length]!;
    };
    const pay = (index: number) => {
      const payer = members[index % members.length]!;
      let payee = randomMember();
      if (payee.id === payer.id) payee = members[(index + 1) % members.length]!;
      return { userId: payer.id, command: 'pay', options: { member: payee.id, amount: String(1 + (index % 500)) } };
    };
    const help = (index: number) => ({ userId: members[index % members.length]!.id, command: 'help', options: {} });
    const paid = (reply: APIMessage) => reply.content.includes(' paid ');
    const helped = (reply: APIMessage) => reply.embeds.length > 0;

    // Warm-up: JIT, connection pools, caches.
    await measure(emu, guild.generalChannelId, 500, concurrency, help, helped);
    await measure(emu, guild.generalChannelId, 500, concurrency, pay, paid);

    const baseline = await measure(emu, guild.generalChannelId, total, concurrency, help, helped);
    const payFigures = await measure(emu, guild.generalChannelId, total, concurrency, pay, paid);

    const [totals] = (await container.database.query(
      `SELECT sum(balance + bank) AS held, count(*) AS accounts FROM economy WHERE guild_id = $1`,
      [guild.id],
    )) as { held: string; accounts: string }[];
    const conserved = Number(totals!.held) === Number(totals!.accounts) * 1_000_000_000;

    const row = (name: string, figures: Figures) =>
      `${name.padEnd(10)} ${figures.commands} commands  ${figures.commandsPerSecond.toFixed(0).padStart(6)} commands/s  ` +
      `p50 ${figures.p50Ms.toFixed(1).padStart(6)} ms  p99 ${figures.p99Ms.toFixed(1).padStart(6)} ms  failures ${figures.failures}`;
    console.log(`economy bench: ${memberCount} members, ${concurrency} commands in flight`);
    console.log(row('/help', baseline));
    console.log(row('/pay', payFigures));
    console.log(
      `ratio /pay ÷ /help: throughput ${(payFigures.commandsPerSecond / baseline.commandsPerSecond).toFixed(2)} ` +
        `(target ≥ 0.50), p99 ${(payFigures.p99Ms / baseline.p99Ms).toFixed(2)}× (target p99 < 50 ms)`,
    );
    console.log(`money conserved across all payments: ${conserved ? 'yes' : 'NO'}`);
  } finally {
    await bot.stop();
    await emu.stop();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
