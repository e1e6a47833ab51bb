import { expect } from 'chai';
import { Emulator } from '../../emulator';
import { freePort, privatePostgres, privateRedis, type PrivateServer } from '../helpers/privateServers';
import { runBotProcess, type BotProcess } from '../helpers/process';
import { eventually } from '../helpers/wait';

interface ReadyzBody {
  ready: boolean;
  discord: { ok: boolean };
  database: { ok: boolean; error?: string };
  redis: { ok: boolean; error?: string };
}

/**
 * The compiled bot, configured with METRICS_PORT, on a PostgreSQL and a Redis of this test's own: `/readyz` turns
 * not-ready when either goes away and ready again when it is back, while `/healthz` says the process lives on.
 */
describe('operations: readiness follows PostgreSQL and Redis (bot process, private servers)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let postgres: PrivateServer;
  let redis: PrivateServer;
  let bot: BotProcess;
  let base: string;

  const readyz = async () => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, body: (await response.json()) as ReadyzBody };
  };
  const waitForReady = (ready: boolean, what: string) =>
    eventually(async () => (await readyz()).status === (ready ? 200 : 503), what, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}; the bot printed:\n${bot.output()}`);
    });

  before(async function () {
    this.timeout(180_000);
    const token = 'readiness-token';
    [emu, postgres, redis] = await Promise.all([Emulator.start({ token }), privatePostgres(), privateRedis()]);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    bot = runBotProcess({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      METRICS_PORT: String(port),
      LOG_LEVEL: 'info',
    });
    await eventually(() => /Ready as /.test(bot.output()), 'the bot to log ready', 120_000).catch((error: Error) => {
      throw new Error(`${error.message}; it printed:\n${bot.output()}`);
    });
    await waitForReady(true, '/readyz to say ready');
  });

  after(async () => {
    bot?.child.kill('SIGKILL');
    await emu?.stop();
    await Promise.all([postgres?.destroy(), redis?.destroy()]);
  });

  it('is not ready while Redis is down, and ready again when it is back', async () => {
    await redis.stop();
    await waitForReady(false, '/readyz to notice Redis is gone');
    const { body } = await readyz();
    expect(body).to.deep.include({ ready: false });
    expect(body.redis.ok).to.equal(false);
    expect(body.database.ok).to.equal(true);
    expect(body.discord.ok).to.equal(true);
    expect((await fetch(`${base}/healthz`)).status).to.equal(200);

    await redis.start();
    await waitForReady(true, '/readyz to see Redis back');
    expect(bot.child.exitCode).to.equal(null);
  });

  it('is not ready while PostgreSQL is down, and ready again when it is back', async () => {
    await postgres.stop();
    await waitForReady(false, '/readyz to notice PostgreSQL is gone');
    const { body } = await readyz();
    expect(body.database.ok).to.equal(false);
    expect(body.database.error).to.be.a('string').and.not.include(postgres.url);
    expect(body.redis.ok).to.equal(true);
    expect((await fetch(`${base}/healthz`)).status).to.equal(200);
    // Scraping metrics still answers while the database is away.
    expect((await fetch(`${base}/metrics`)).status).to.equal(200);

    await postgres.start();
    await waitForReady(true, '/readyz to see PostgreSQL back');
    expect(bot.child.exitCode).to.equal(null);
  });
});
