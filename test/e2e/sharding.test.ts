import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { loadConfig } from '../../config';
import { createDataSource } from '../../src/database/dataSource';
import { GuildSettings } from '../../src/guilds/GuildSettings';
import { ownsGuildWith, shardOfGuild } from '../../src/plugin-kit/guildOwnership';
import { PluginHandle } from '../../src/plugin-system/definePlugin';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { PluginRegistry } from '../../src/plugin-system/PluginRegistry';
import { createRedis, FAIL_FAST_REDIS } from '../../src/redis/connect';
import { GuildHookBus } from '../../src/redis/GuildHookBus';
import { InvalidationBus } from '../../src/redis/InvalidationBus';
import { DashboardClient } from '../helpers/dashboard';
import { buildTestGuild, type TestGuild } from '../helpers/e2e';
import type { BotProcess } from '../helpers/process';
import { botProcessSuite } from '../helpers/process-suite';
import { TEST_REDIS_URL } from '../helpers/redis';
import { eventually } from '../helpers/wait';

const SHARDS = 2;
const TEMPBANS = 1_000;

const readyCount = (output: string) => output.match(/Shard manager: shard process \d .* is ready/g)?.length ?? 0;
/** The pid of the shard process running `shard` now (its latest start). */
const pidOfShard = (output: string, shard: number) =>
  Number([...output.matchAll(new RegExp(`shard process ${shard} .* is ready \\(pid (\\d+)\\)`, 'g'))].at(-1)![1]);

/** A process that owns none of the suite's guilds, changing their settings: see {@link nonOwnerProcess}. */
interface NonOwner {
  settings: GuildSettings;
  /** What its settings service logged as failed (a hook it ran itself would fail: it has no plugin services). */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A process that owns none of the guilds — as the dashboard's shard process is for another shard's guilds, or a
 * worker — with the core's settings service wired as the bot wires it: the installed plugins (handles of its own,
 * as a separate process has), the settings invalidations and the hook bus on the bot's Redis channels.
 */
async function nonOwnerProcess(env: Record<string, string>, databaseUrl: string): Promise<NonOwner> {
  const config = loadConfig({ ...env, ROLE: 'worker' });
  const plugins = discoverPlugins([resolve(__dirname, '../../plugins')]).map((plugin) => ({
    ...plugin,
    handle: new PluginHandle(plugin.handle.manifest),
  }));
  const dataSource = createDataSource({ databaseUrl, dataDir: 'unused', plugins: [] });
  await dataSource.initialize();
  const publisher = createRedis(config.redis, 'test publisher', FAIL_FAST_REDIS);
  const subscriber = createRedis(config.redis, 'test subscriber');
  const bus = new InvalidationBus(publisher, subscriber, `${config.redisNamespace}:guild-settings`);
  await bus.start();
  const hooks = new GuildHookBus(publisher, subscriber, `${config.redisNamespace}:guild-hooks`, (guildId) =>
    ownsGuildWith(config.role, config.shards, guildId),
  );
  await hooks.start();
  const errors: string[] = [];
  const settings = new GuildSettings(
    dataSource,
    new PluginRegistry(plugins),
    bus,
    '!',
    (message, error) => errors.push(`${message} ${String(error)}`),
    () => undefined, // This process announces no changes: the bots' own do.
    hooks,
  );
  return {
    settings,
    errors,
    close: async () => {
      await Promise.all([publisher.quit(), subscriber.quit()]);
      await dataSource.destroy();
    },
  };
}

/**
 * The bot scaled out on one PostgreSQL and Redis: a shard manager running 2 shard processes (one shard each) and a
 * `ROLE=worker` process, all against the emulator, which puts each guild in one shard as Discord does.
 */
describe('the bot as shard processes and a worker', function () {
  this.timeout(120_000);
  // Before the suite's own hook, which drops the database under these connections.
  after(async () => {
    await elsewhere?.close();
    await queue?.close();
    await connection?.quit();
    await sql?.end();
  });
  const bots = botProcessSuite('shards', { shardCount: SHARDS, env: { REST_REQUESTS_PER_SECOND: '5000' } });
  let manager: BotProcess;
  let worker: BotProcess;
  let sql: Client;
  let connection: Redis;
  let queue: Queue;
  let elsewhere: NonOwner | undefined;
  /** The open ticket the hook tests follow, in `byShard[1][1]`. */
  let ticket: Awaited<ReturnType<typeof seedTicket>>;
  /** Test guilds, two in each shard: `byShard[shard]`. */
  const byShard: TestGuild[][] = Array.from({ length: SHARDS }, () => []);

  before(async function () {
    // The first start compiles the bot (as `npm start` does), slow on a loaded machine.
    this.timeout(240_000);
    // Snowflakes made in the same millisecond share a shard: build guilds until each shard has two.
    while (byShard.some((guilds) => guilds.length < 2)) {
      const guild = buildTestGuild(bots.emu);
      const shard = byShard[shardOfGuild(guild.id, SHARDS)]!;
      if (shard.length < 2) shard.push(guild);
      await sleep(2);
    }
    manager = await bots.startWith(
      {
        SHARDS: String(SHARDS),
        SHARDS_PER_PROCESS: '1',
        // The web dashboard, which the first shard process serves for the guilds of both.
        DASHBOARD_PORT: '0',
        DASHBOARD_CLIENT_SECRET: bots.emu.oauthClientSecret,
        DASHBOARD_SESSION_SECRET: randomBytes(32).toString('hex'),
      },
      (output) => readyCount(output) === SHARDS,
    );
    worker = await bots.startWith({ ROLE: 'worker', WORKER_CONCURRENCY: '8', METRICS_PORT: '0' }, (output) =>
      output.includes('Worker ready as '),
    );
    sql = new Client({ connectionString: bots.database.url });
    await sql.connect();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(`${bots.env.REDIS_NAMESPACE}-tasks`, { connection });
  });

  /** Tempbans expiring `from` ms from now over `windowMs`, as rows and queued jobs (the plugin's own job ids). */
  async function seedTempbans(guilds: TestGuild[], count: number, from: number, windowMs: number) {
    const start = Date.now() + from;
    const rows = Array.from({ length: count }, (_, index) => {
      const guild = guilds[index % guilds.length]!;
      const user = bots.emu.createUser({ username: `banned${index}` });
      bots.emu.world.guilds.get(guild.id)!.bans.set(user.id, { userId: user.id, reason: 'test' });
      return { guildId: guild.id, userId: user.id, expiresAt: start + Math.floor((index * windowMs) / count) };
    });
    const inserted = await sql.query<{ id: number; user_id: string }>(
      `INSERT INTO moderation_log (guild_id, case_number, user_id, action, reason, performed_by, expires_at)
       SELECT g, coalesce((SELECT last_case_number FROM moderation_case_counter c WHERE c.guild_id = g), 0)
                 + row_number() OVER (PARTITION BY g ORDER BY u), u, 'tempban', 'test', $4, to_timestamp(e / 1000.0)
       FROM unnest($1::bigint[], $2::bigint[], $3::float8[]) AS t(g, u, e)
       RETURNING id, user_id`,
      [rows.map((r) => r.guildId), rows.map((r) => r.userId), rows.map((r) => r.expiresAt), guilds[0]!.owner.id],
    );
    await sql.query(
      `INSERT INTO moderation_case_counter (guild_id, last_case_number)
       SELECT guild_id, max(case_number) FROM moderation_log GROUP BY guild_id
       ON CONFLICT (guild_id) DO UPDATE SET last_case_number = excluded.last_case_number`,
    );
    const caseOf = new Map(inserted.rows.map((row) => [row.user_id, row.id]));
    await queue.addBulk(
      rows.map((row) => ({
        name: 'moderationExpiry',
        data: { guildId: row.guildId, caseId: caseOf.get(row.userId)! },
        opts: {
          delay: Math.max(0, row.expiresAt - Date.now()),
          jobId: `moderationExpiry-${caseOf.get(row.userId)}`,
          removeOnComplete: true,
          removeOnFail: true,
        },
      })),
    );
    return rows;
  }

  /** Each tempban lifted exactly once (one DELETE of its ban), never before it expired. */
  async function expectLiftedOnce(rows: { guildId: string; userId: string; expiresAt: number }[], timeoutMs: number) {
    await eventually(
      () => rows.every((row) => !bots.emu.world.guilds.get(row.guildId)!.bans.has(row.userId)),
      `${rows.length} tempbans to be lifted`,
      timeoutMs,
    );
    await sleep(500); // a duplicate, if any, arrives
    const unbans = new Map<string, number[]>();
    for (const request of bots.emu.requests) {
      if (request.method !== 'DELETE' || request.route !== '/guilds/:guildId/bans/:userId') continue;
      unbans.set(request.params.userId!, [...(unbans.get(request.params.userId!) ?? []), request.time]);
    }
    for (const row of rows) {
      const times = unbans.get(row.userId) ?? [];
      expect(times, `unbans of ${row.userId}`).to.have.length(1);
      expect(times[0]!, `unban of ${row.userId}`).to.be.at.least(row.expiresAt);
    }
  }

  it('answers commands in guilds of both shards, each from the shard that owns the guild', async () => {
    expect(
      bots.emu.sessions.filter((session) => session.connected).map((session) => session.shard),
    ).to.have.deep.members([
      [0, 2],
      [1, 2],
    ]);
    for (const guild of byShard.flat()) {
      const reply = await guild.slash(guild.as.owner, 'plugins', 'list');
      expect(reply.text).to.contain('moderation');
    }
  });

  it('/plugins enable takes effect in every process within 1 s', async () => {
    const guilds = byShard.flat();
    const banned = (rows: { guildId: string; userId: string }[]) =>
      rows.filter((row) => bots.emu.world.guilds.get(row.guildId)!.bans.has(row.userId)).length;
    // Disabled: whichever process takes a job (the worker, a shard of another guild) leaves the ban alone.
    const whileDisabled = await seedTempbans(guilds, 40, 0, 0);
    await sleep(1_500);
    expect(banned(whileDisabled)).to.equal(40);

    let enabledAt = 0;
    for (const guild of guilds) {
      const enabled = await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin: 'moderation' });
      expect(enabled.text).to.match(/enabled/i);
      enabledAt = Date.now();
    }
    // A second after the last enable, every process runs the guilds' jobs: tempbans due then are all lifted (a
    // process still holding the old settings would skip its jobs and leave their bans).
    const afterEnabling = await seedTempbans(guilds, 40, enabledAt + 1_000 - Date.now(), 0);
    await expectLiftedOnce([...whileDisabled, ...afterEnabling], 10_000);
  });

  it(`lifts ${TEMPBANS} tempbans across guilds of both shards exactly once each, none early`, async () => {
    const rows = await seedTempbans(byShard.flat(), TEMPBANS, 2_000, 3_000);
    await expectLiftedOnce(rows, 30_000);
    // Jobs were run by several processes, not only one.
    expect(worker.output()).to.not.match(/error/i);
  });

  /** An open ticket in `guild` (its channel exists), and its inactivity jobs in the queue. */
  async function seedTicket(guild: TestGuild) {
    const channelId = bots.emu.createChannel(guild.id, { name: 'ticket-0001' }).id;
    const { rows } = await sql.query<{ id: number; last_activity_at: Date }>(
      `INSERT INTO ticket (guild_id, number, title, description, user_id, channel_id)
       VALUES ($1, 1, 'Printer', 'It is on fire.', $2, $3) RETURNING id, last_activity_at`,
      [guild.id, guild.member.id, channelId],
    );
    const ticket = rows[0]!;
    return {
      /** The id of the job that checks the ticket `warnSeconds` after its last activity. */
      jobAfter: (warnSeconds: number) =>
        `ticket-inactivity-${ticket.id}-${ticket.last_activity_at.getTime() + warnSeconds * 1000}`,
      jobs: async () =>
        (await queue.getJobs(['delayed', 'waiting', 'prioritized']))
          .filter((job) => job?.name === 'ticketInactivity' && (job.data as { guildId: string }).guildId === guild.id)
          .map((job) => job.id),
    };
  }

  /** The times the guild's channels were listed since `mark`: once per run of the tickets plugin's reconcile. */
  const channelListings = (guild: TestGuild, mark: number) =>
    bots.emu.requests
      .slice(mark)
      .filter(
        (request) =>
          request.method === 'GET' &&
          request.route === '/guilds/:guildId/channels' &&
          request.params.guildId === guild.id,
      ).length;

  it("runs a guild's plugin hooks once, in the process that owns it, when a process that does not made the change", async () => {
    const guild = byShard[1]![1]!;
    ticket = await seedTicket(guild);
    elsewhere = await nonOwnerProcess(bots.env, bots.database.url);
    const expectOneReconcile = async (mark: number, jobs: string[], what: string) => {
      await eventually(async () => JSON.stringify(await ticket.jobs()) === JSON.stringify(jobs), what, 10_000);
      await sleep(500); // a second run, if any, arrives
      expect(channelListings(guild, mark), `reconciles after ${what}`).to.equal(1);
    };

    // Enabled: the owner's reconcile hook queues the open ticket's check, a day (the default) after its activity.
    let mark = bots.emu.requests.length;
    await elsewhere.settings.enablePlugin(guild.id, 'tickets', guild.setupBy);
    await expectOneReconcile(mark, [ticket.jobAfter(86_400)], 'the enable');

    // A new delay: the owner's onSettingsChange hook moves the check.
    mark = bots.emu.requests.length;
    await elsewhere.settings.setPluginSetting(guild.id, 'tickets', 'inactivityWarnSeconds', '3600', guild.setupBy);
    await expectOneReconcile(mark, [ticket.jobAfter(3_600)], 'the new delay');

    // Disabled: the owner's onGuildDisable hook cancels it.
    await elsewhere.settings.disablePlugin(guild.id, 'tickets', guild.setupBy);
    await eventually(async () => (await ticket.jobs()).length === 0, 'the check to be cancelled', 10_000);

    // None of them ran where the change was made.
    expect(elsewhere.errors).to.deep.equal([]);
  });

  it("serves a guild of shard 1 from the dashboard in shard 0's process: its owner manages it, a member gets 403", async () => {
    const guild = byShard[1]![0]!;
    const url = /Dashboard on (http:\/\/\S+)\./.exec(manager.output())![1]!;
    const owner = new DashboardClient(url);
    await owner.login(guild.owner.id);
    const mark = bots.emu.requests.length;
    const home = await owner.get('/');
    expect(home.text).to.include(`href="/servers/${guild.id}"`).and.not.include(`guild_id=${guild.id}`);
    // Not in the cache of the dashboard's process: it asked Discord who the owner is there.
    expect(
      bots.emu.requests
        .slice(mark)
        .some((request) => request.route === '/guilds/:guildId/members/:userId' && request.params.guildId === guild.id),
    ).to.equal(true);
    const config = await owner.get(`/servers/${guild.id}/config`);
    expect(config.status).to.equal(200);
    expect(config.text).to.match(
      new RegExp(`<option value="${guild.generalChannelId}"[^>]*>\\s*#general\\s*</option>`),
    );
    expect(config.text).to.match(new RegExp(`<option value="${guild.modRoleId}"[^>]*>\\s*@Moderators\\s*</option>`));
    const saved = await owner.post(`/servers/${guild.id}/plugins/profile`, {
      birthdayChannelId: guild.generalChannelId,
    });
    expect(saved.status, saved.text).to.equal(200);

    // The switch, made in shard 0's process, holds in shard 1's at once: the next command there sees it.
    expect((await guild.slash(guild.as.member, 'balance')).text).to.match(/not enabled|turned off|disabled/i);
    const switched = await owner.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'true' });
    expect(switched.status).to.equal(303);
    expect((await guild.slash(guild.as.member, 'balance')).text).to.not.match(/not enabled|turned off|disabled/i);

    const member = new DashboardClient(url);
    await member.login(guild.member.id);
    expect((await member.get('/')).text).to.not.include(`/servers/${guild.id}`);
    expect((await member.get(`/servers/${guild.id}`)).status).to.equal(403);
    const refused = await member.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'false' });
    expect(refused.status).to.equal(403);
    const { rows } = await sql.query<{ enabled: boolean }>(
      `SELECT enabled FROM guild_plugin WHERE guild_id = $1 AND plugin = 'economy'`,
      [guild.id],
    );
    expect(rows).to.deep.equal([{ enabled: true }]);
  });

  it("restarts a SIGKILLed shard process, whose new owner rebuilds its guilds' scheduled work; nothing is lost", async () => {
    const victim = byShard[1]![0]!;
    // A tempban far off whose job Redis lost (a row only): nobody queues it while its owner runs.
    const lost = await sql.query<{ id: number }>(
      `INSERT INTO moderation_log (guild_id, case_number, user_id, action, reason, performed_by, expires_at)
       VALUES ($1, 9001, $2, 'tempban', 'lost', $2, now() + interval '1 hour') RETURNING id`,
      [victim.id, victim.owner.id],
    );
    const lostJob = `moderationExpiry-${lost.rows[0]!.id}`;
    await sleep(500);
    expect(await queue.getJob(lostJob)).to.equal(undefined);

    const pid = Number(/shard process 1 .* is ready \(pid (\d+)\)/.exec(manager.output())![1]);
    process.kill(pid, 'SIGKILL');
    // Expiries due while the shard is down are lifted by the other processes.
    const during = await seedTempbans([victim], 50, 200, 1_000);
    await eventually(() => readyCount(manager.output()) === SHARDS + 1, 'the shard process to be restarted', 60_000);
    expect(manager.output()).to.match(/shard process 1 .* exited \(SIGKILL\); starting it again in 1000 ms/);
    await expectLiftedOnce(during, 10_000);

    // Its new owner reconciled the victim's guild at start-up.
    await eventually(async () => (await queue.getJob(lostJob)) !== undefined, 'the rebuilt job', 10_000);
    // And it answers in its guilds again.
    const reply = await victim.slash(victim.as.owner, 'plugins', 'list');
    expect(reply.text).to.contain('moderation');
  });

  it("a change made while the guild's shard process is down is applied by that process's reconcile when it is back", async () => {
    const guild = byShard[1]![1]!;
    // Enabled again (the delay set above stands): the owner queues the check.
    await elsewhere!.settings.enablePlugin(guild.id, 'tickets', guild.setupBy);
    await eventually(
      async () => (await ticket.jobs()).includes(ticket.jobAfter(3_600)),
      "the owner's reconcile",
      10_000,
    );

    const restarts = readyCount(manager.output());
    const kills = () => manager.output().match(/shard process 1 .* exited \(SIGKILL\)/g)?.length ?? 0;
    const killed = kills();
    process.kill(pidOfShard(manager.output(), 1), 'SIGKILL');
    await eventually(() => kills() === killed + 1, 'the shard process to exit');
    // Nobody owns the guild now: the hook the change sends is run by no process.
    await elsewhere!.settings.setPluginSetting(guild.id, 'tickets', 'inactivityWarnSeconds', '7200', guild.setupBy);
    await eventually(() => readyCount(manager.output()) === restarts + 1, 'the shard process to be back', 60_000);
    await eventually(
      async () => (await ticket.jobs()).includes(ticket.jobAfter(7_200)),
      "the returning owner's start-up reconcile to queue the check for the new delay",
      10_000,
    );
    expect(elsewhere!.errors).to.deep.equal([]);
  });

  it('the worker, with no gateway, is ready once logged in to REST with PostgreSQL and Redis up', async () => {
    const port = /Metrics, \/healthz and \/readyz on http:\/\/[\d.]+:(\d+)/.exec(worker.output())![1];
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(response.status).to.equal(200);
    expect(((await response.json()) as { discord: { ok: boolean } }).discord.ok).to.equal(true);
    expect(bots.emu.sessions.filter((session) => session.connected)).to.have.length(SHARDS);
  });

  it('stops every process with exit 0 on SIGTERM', async () => {
    manager.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await manager.exit, manager.output()).to.equal(0);
    expect(await worker.exit, worker.output()).to.equal(0);
    expect(manager.output()).to.contain('Shard manager: every shard process stopped cleanly.');
  });
});
