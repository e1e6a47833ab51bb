import 'reflect-metadata';
import { expect } from 'chai';
import { Client } from 'pg';
import { loadConfig } from '../../config';
import { createDataSource } from '../../src/database/dataSource';
import { GuildSettings } from '../../src/guilds/GuildSettings';
import { PluginRegistry } from '../../src/plugin-system/PluginRegistry';
import { createRedis } from '../../src/redis/connect';
import { InvalidationBus } from '../../src/redis/InvalidationBus';
import { buildTestGuild, type TestGuild } from '../helpers/e2e';
import { privateRedisCluster, privateRedisSentinel, type PrivateRedisTopology } from '../helpers/privateServers';
import type { BotProcess } from '../helpers/process';
import { botProcessSuite, type BotProcessSuite } from '../helpers/process-suite';
import { eventually } from '../helpers/wait';

/** Bans the guild's member for 3 s and checks the ban is lifted once, not before it was due. */
async function tempbanLiftedOnce(bots: BotProcessSuite, guild: TestGuild): Promise<void> {
  const { emu } = bots;
  const admin = guild.as.owner;
  const before = emu.requests.length;
  // Its expiry job goes through BullMQ's scripts (on a cluster: in one slot, the queue's hash tag).
  const banned = await (
    await admin.slash(guild.generalChannelId, 'ban', { options: { user: guild.member.id, duration: '3s' } })
  ).reply();
  expect(banned.content).to.match(/^Banned/);
  const db = new Client({ connectionString: bots.database.url });
  await db.connect();
  try {
    const { rows } = await db.query<{ expires_at: Date }>(
      "SELECT expires_at FROM moderation_log WHERE action = 'tempban' ORDER BY id DESC LIMIT 1",
    );
    await eventually(() => emu.world.bans(guild.id).length === 0, 'the tempban to be lifted', 20_000);
    const unbans = emu.requests
      .slice(before)
      .filter(
        (request) =>
          request.method === 'DELETE' &&
          request.path === `/guilds/${guild.id}/bans/${guild.member.id}` &&
          request.status < 300,
      );
    expect(unbans).to.have.length(1);
    expect(unbans[0]!.time).to.be.at.least(rows[0]!.expires_at.getTime());
  } finally {
    await db.end();
  }
}

/**
 * Starts the bot, enables moderation, has another process change the guild's prefix (the core's own settings
 * service and invalidation channel, on the same Redis) and checks the bot takes it within a second, then a tempban.
 */
async function schedulingAndInvalidation(bots: BotProcessSuite): Promise<{ bot: BotProcess; guild: TestGuild }> {
  const { emu } = bots;
  const guild = buildTestGuild(emu);
  const admin = guild.as.owner;
  const bot = await bots.start();
  await emu.waitForCommandsRegistered(['ban', 'plugins'], { timeoutMs: 15_000 });
  await (
    await admin.slash(guild.generalChannelId, 'plugins', { subcommand: 'enable', options: { plugin: 'moderation' } })
  ).reply();
  /** Whether the bot answers `cases` said with `prefix` (within half a second, unless told otherwise). */
  const answers = async (prefix: string, timeoutMs = 500) => {
    await admin.say(guild.generalChannelId, `${prefix}cases <@${guild.member.id}>`);
    return emu.waitForMessage({ channelId: guild.generalChannelId, timeoutMs }).then(
      () => true,
      () => false,
    );
  };
  // The bot has read (and caches) the guild's prefix. The first command of a fresh process may take longer (it
  // fetches the member it names, its first queries prepare), so this one gets seconds.
  expect(await answers('!', 10_000)).to.equal(true);

  // Another process changes it: the core's own settings service and invalidation channel, on the same Redis.
  const config = loadConfig({ ...bots.env, DATABASE_URL: bots.database.url });
  // No plugins: the prefix is the core's, and a GuildSettings attaches itself to the handles of the plugins it is
  // given — the real plugins' handles belong to the in-process bot other test files share.
  const plugins = new PluginRegistry([]);
  const dataSource = createDataSource({ databaseUrl: bots.database.url, dataDir: 'unused', plugins: plugins.all });
  await dataSource.initialize();
  const publisher = createRedis(config.redis, 'test publisher');
  const subscriber = createRedis(config.redis, 'test subscriber');
  try {
    const bus = new InvalidationBus(publisher, subscriber, `${config.redisNamespace}:guild-settings`);
    await bus.start();
    const settings = new GuildSettings(
      dataSource,
      plugins,
      bus,
      '!',
      (message, error) => {
        throw new Error(`${message} ${String(error)}`);
      },
      // No client in this test process to announce it on: the change's record is enough.
      () => undefined,
    );
    await settings.updateConfig(guild.id, 'Topology', { prefix: '?' }, guild.setupBy);
    const changedAt = Date.now();
    await eventually(() => answers('?'), 'the bot to answer the new prefix', 5_000);
    // Half a second of the probe's own wait at most, on top of the invalidation.
    expect(Date.now() - changedAt).to.be.below(1_500);
    expect(await answers('!')).to.equal(false);
  } finally {
    await Promise.all([publisher.quit(), subscriber.quit()]);
    await dataSource.destroy();
  }

  await tempbanLiftedOnce(bots, guild);
  expect(bot.output()).not.to.match(/CROSSSLOT|ReplyError|MOVED/);
  return { bot, guild };
}

/** The compiled bot on a 3-node Redis Cluster of the test's own (REDIS_CLUSTER_NODES, a password on every node). */
describe('the bot on a Redis Cluster', function () {
  this.timeout(180_000); // its first start compiles the bot
  let cluster: PrivateRedisTopology | undefined;
  before(async function () {
    this.timeout(60_000);
    cluster = await privateRedisCluster();
  });
  const bots = botProcessSuite('redis-cluster', { env: () => cluster!.env });
  after(async () => cluster?.destroy());

  it('takes a prefix set by another process at once, and lifts a tempban once when it is due', async () => {
    const { bot } = await schedulingAndInvalidation(bots);
    bot.child.kill('SIGTERM');
    expect(await bot.exit).to.equal(0);
  });
});

/** The compiled bot finding its Redis through Sentinel (a primary, a replica, one Sentinel), across a failover. */
describe('the bot through Redis Sentinel', function () {
  this.timeout(150_000);
  let sentinel: Awaited<ReturnType<typeof privateRedisSentinel>> | undefined;
  before(async function () {
    this.timeout(60_000);
    sentinel = await privateRedisSentinel();
  });
  const bots = botProcessSuite('redis-sentinel', { env: () => sentinel!.env });
  after(async () => sentinel?.destroy());

  it('takes a prefix set by another process and lifts tempbans, also after Sentinel promoted the replica', async () => {
    const { bot, guild } = await schedulingAndInvalidation(bots);
    await sentinel!.failover();
    await tempbanLiftedOnce(bots, guild);
    bot.child.kill('SIGTERM');
    expect(await bot.exit).to.equal(0);
  });
});
