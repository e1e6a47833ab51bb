import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { startMetricsServer } from '../../src/metrics/server';
import { scheduleTask } from '../../src/plugin-kit/tasks';
import { StartupError } from '../../src/startupError';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { parseMetrics, valueOf } from '../helpers/metrics';
import { eventually } from '../helpers/wait';

describe('operations: metrics endpoint, readiness and /metrics', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let base: string;

  const get = (path: string) => fetch(`${base}${path}`);
  const scrape = async () => parseMetrics(await (await get('/metrics')).text());

  before(async () => {
    h = await harness();
    base = `http://127.0.0.1:${h.bot.metricsServer!.port}`;
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
  });

  it('serves every metric the operations issue names, labelled with the shard', async () => {
    const response = await get('/metrics');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/plain/);
    const text = await response.text();
    for (const name of [
      'bot_commands_total',
      'bot_command_duration_seconds',
      'bot_gateway_events_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'bot_discord_rest_429_total',
      'bot_discord_rest_rate_limit_waits_total',
      'bot_task_queue_jobs',
      'bot_task_lateness_seconds',
      'bot_task_runs_total',
      'bot_db_pool_connections',
      'bot_db_pool_max',
      'bot_levels_flush_rows',
      'bot_levels_flush_duration_seconds',
      'bot_guilds',
      'bot_discord_connected',
    ]) {
      expect(text, name).to.include(`# TYPE ${name} `);
    }
    const samples = parseMetrics(text);
    expect(valueOf(samples, 'bot_discord_connected', { shard: '0' })).to.equal(1);
    expect(valueOf(samples, 'bot_db_pool_connections', { state: 'total' })).to.be.greaterThan(0);
    expect(valueOf(samples, 'bot_db_pool_max')).to.equal(10);
    expect(samples.some((s) => s.name === 'bot_task_queue_jobs' && s.labels.state === 'delayed')).to.equal(true);
    expect(valueOf(samples, 'bot_guilds')).to.equal(container.client.guilds.cache.size);
  });

  it("moves a command's counter and latency histogram when a member runs it", async () => {
    const labels = { command: 'status', kind: 'slash', outcome: 'success' };
    const before = await scrape();
    await guild.slash(guild.as.owner, 'status');
    await eventually(
      async () =>
        valueOf(await scrape(), 'bot_commands_total', labels) === valueOf(before, 'bot_commands_total', labels) + 1,
      'the status command to be counted',
    );
    const after = await scrape();
    expect(valueOf(after, 'bot_command_duration_seconds_count', labels)).to.equal(
      valueOf(before, 'bot_command_duration_seconds_count', labels) + 1,
    );
    expect(valueOf(after, 'bot_command_duration_seconds_sum', labels)).to.be.greaterThan(
      valueOf(before, 'bot_command_duration_seconds_sum', labels),
    );
    // A prefix command and a refusal are told apart.
    const denied = { command: 'status', kind: 'prefix', outcome: 'denied' };
    await guild.prefix(guild.as.member, '!status');
    await eventually(
      async () =>
        valueOf(await scrape(), 'bot_commands_total', denied) === valueOf(after, 'bot_commands_total', denied) + 1,
      'the refused prefix command to be counted',
    );
  });

  it("counts a subcommand's refusal and its member's mistake apart from success", async () => {
    const denied = { command: 'plugins', kind: 'slash', outcome: 'denied' };
    const mistake = { command: 'plugins', kind: 'prefix', outcome: 'user_error' };
    const before = await scrape();
    // The subcommand's own precondition refuses; Sapphire still reports the command as run.
    expect((await guild.slash(guild.as.member, 'plugins', 'enable', { plugin: 'reminders' })).text).to.match(
      /MANAGE_BOT_SETTINGS/,
    );
    expect((await guild.prefix(guild.as.owner, '!plugins enable nosuchplugin')).text).to.match(/nosuchplugin/);
    await eventually(async () => {
      const after = await scrape();
      return (
        valueOf(after, 'bot_commands_total', denied) === valueOf(before, 'bot_commands_total', denied) + 1 &&
        valueOf(after, 'bot_commands_total', mistake) === valueOf(before, 'bot_commands_total', mistake) + 1
      );
    }, 'the refusal and the mistake to be counted');
    const success = { command: 'plugins', outcome: 'success' };
    expect(valueOf(await scrape(), 'bot_commands_total', success)).to.equal(
      valueOf(before, 'bot_commands_total', success),
    );
  });

  it('counts gateway events by type', async () => {
    const before = valueOf(await scrape(), 'bot_gateway_events_total', { event: 'MESSAGE_CREATE', shard: '0' });
    await guild.as.member.say(guild.generalChannelId, 'hello');
    await eventually(
      async () => valueOf(await scrape(), 'bot_gateway_events_total', { event: 'MESSAGE_CREATE', shard: '0' }) > before,
      'the message to be counted',
    );
  });

  it('counts the 429 responses Discord sends, by route, and still delivers the reply', async () => {
    const route = { route: '/channels/:id/messages', scope: 'user' };
    const before = valueOf(await scrape(), 'bot_discord_rest_429_total', route);
    h.emu.rateLimitNext({
      method: 'POST',
      path: `/channels/${guild.generalChannelId}/messages`,
      retryAfterSeconds: 0.1,
    });
    const status = await guild.prefix(guild.as.owner, '!status');
    expect(status.text).to.match(/^Status$/m);
    expect(valueOf(await scrape(), 'bot_discord_rest_429_total', route)).to.equal(before + 1);
  });

  it("observes a job's lateness and its run, by task", async () => {
    const task = { task: 'reminderDue' };
    const before = await scrape();
    // A guild where the example plugin is off: the task starts, is observed, and skips the work.
    await scheduleTask('reminderDue', { guildId: guild.id, reminderId: 0 }, { at: 300 });
    await eventually(
      async () =>
        valueOf(await scrape(), 'bot_task_lateness_seconds_count', task) ===
        valueOf(before, 'bot_task_lateness_seconds_count', task) + 1,
      'the job to start',
      10_000,
    );
    await eventually(
      async () =>
        valueOf(await scrape(), 'bot_task_runs_total', { ...task, outcome: 'success' }) >
        valueOf(before, 'bot_task_runs_total', { ...task, outcome: 'success' }),
      'the run to be counted',
    );
    const after = await scrape();
    const lateness =
      valueOf(after, 'bot_task_lateness_seconds_sum', task) - valueOf(before, 'bot_task_lateness_seconds_sum', task);
    // Started after it was due (not early), and not absurdly late on an idle queue.
    expect(lateness).to.be.at.least(0).and.below(5);
  });

  it("records the levels plugin's flushes through the core's registry", async () => {
    await container.guildSettings.enablePlugin(guild.id, 'levels', guild.setupBy);
    const before = valueOf(await scrape(), 'bot_levels_flush_rows_count');
    await guild.as.member.say(guild.generalChannelId, 'chatting for XP');
    await eventually(
      async () => valueOf(await scrape(), 'bot_levels_flush_rows_count') > before,
      'a levels flush to be observed',
    );
    expect(valueOf(await scrape(), 'bot_levels_flush_duration_seconds_count')).to.be.greaterThan(0);
  });

  it('answers /healthz and /readyz, and nothing else', async () => {
    expect((await get('/healthz')).status).to.equal(200);
    const ready = await get('/readyz');
    expect(ready.status).to.equal(200);
    const body = (await ready.json()) as Record<string, { ok: boolean } | boolean>;
    expect(body).to.deep.include({ ready: true });
    expect(body.database).to.include({ ok: true });
    expect(body.redis).to.include({ ok: true });
    expect(body.discord).to.include({ ok: true });
    expect(JSON.stringify(body)).not.to.include(h.config.databaseUrl!);
    expect((await get('/other')).status).to.equal(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).to.equal(405);
  });

  it('stops start-up with one line naming the setting when the port is taken', async () => {
    const port = h.bot.metricsServer!.port;
    const error = await startMetricsServer(port, '127.0.0.1', container).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(StartupError);
    expect((error as Error).message).to.equal(
      `Cannot serve metrics on 127.0.0.1:${port} (EADDRINUSE). Choose another METRICS_PORT or METRICS_HOST.`,
    );
  });

  it('/metrics summarises for VIEW_METRICS holders and refuses a member without it', async () => {
    const refused = await guild.slash(guild.as.member, 'metrics');
    expect(refused.text).to.match(/VIEW_METRICS/);
    expect(refused.ephemeral).to.equal(true);
    await guild.slash(guild.as.owner, 'status');
    const summary = await guild.slash(guild.as.owner, 'metrics');
    expect(summary.text).to.match(/^Metrics$/m);
    expect(summary.text).to.match(/shard 0 · event-loop lag p99 \d+ ms/);
    expect(summary.text).to.match(/Commands\n\d+ run \(.*success/);
    expect(summary.text).to.match(/busiest: [\w-]+ \d+× avg [\d.]+ m?s/);
    expect(summary.text).to.match(/Gateway\n[\d.]+ events\/s over the last minute · \d+ guilds/);
    expect(summary.text).to.match(/Discord REST\n\d+ responses 429/);
    expect(summary.text).to.match(/Tasks\n\d+ waiting/);
    expect(summary.text).to.match(/Database\npool \d+\/10 open/);
    // A member the admin granted VIEW_METRICS may see it too.
    await guild.slash(guild.as.owner, 'permissions', 'grant', {
      permission: 'VIEW_METRICS',
      target: guild.member.id,
    });
    expect((await guild.slash(guild.as.member, 'metrics')).text).to.match(/^Metrics$/m);
  });

  it('/status shows the shard, guild count and the readiness /readyz reports', async () => {
    const status = await guild.slash(guild.as.owner, 'status');
    expect(status.text).to.match(/^Ready\.$/m);
    expect(status.text).to.match(/Shard\n0 of 1/);
    expect(status.text).to.match(new RegExp(`Guilds\n${container.client.guilds.cache.size}`));
    expect(status.text).to.match(/Discord\nconnected/);
    expect(status.text).to.match(/Database\nhealthy \(\d+ ms\)/);
    expect(status.text).to.match(/Redis\nhealthy \(\d+ ms\)/);
  });
});
