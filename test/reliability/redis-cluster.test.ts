import 'reflect-metadata';
import { expect } from 'chai';
import { Client } from 'pg';
import { loadConfig } from '../../config';
import { PLUGINS_DIRECTORY } from '../../src/bot';
import { createDataSource } from '../../src/database/dataSource';
import { GuildSettings } from '../../src/guilds/GuildSettings';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { PluginRegistry } from '../../src/plugin-system/PluginRegistry';
import { createRedis } from '../../src/redis/connect';
import { InvalidationBus } from '../../src/redis/InvalidationBus';
import { buildTestGuild } from '../helpers/e2e';
import { privateRedisCluster, type PrivateRedisTopology } from '../helpers/privateServers';
import { botProcessSuite } from '../helpers/process-suite';
import { eventually } from '../helpers/wait';

/**
 * The compiled bot on a 3-node Redis Cluster of the test's own (REDIS_CLUSTER_NODES, a password on every node): its
 * BullMQ queue and schedulers, the invalidation channel, and the keys commands set must all work there.
 */
describe('the bot on a Redis Cluster', function () {
  this.timeout(120_000);
  let cluster: PrivateRedisTopology | undefined;
  before(async function () {
    this.timeout(60_000);
    cluster = await privateRedisCluster();
  });
  const bots = botProcessSuite('redis-cluster', { env: () => cluster!.env });
  after(async () => cluster?.destroy());

  it('takes a prefix set by another process at once, and lifts a tempban once when it is due', async () => {
    const { emu } = bots;
    const guild = buildTestGuild(emu, 'Cluster');
    const admin = guild.as.owner;
    const bot = await bots.start();
    await emu.waitForCommandsRegistered(['ban', 'plugins'], { timeoutMs: 15_000 });
    await (
      await admin.slash(guild.generalChannelId, 'plugins', { subcommand: 'enable', options: { plugin: 'moderation' } })
    ).reply();
    /** Whether the bot answers `cases` said with `prefix` (within half a second). */
    const answers = async (prefix: string) => {
      await admin.say(guild.generalChannelId, `${prefix}cases <@${guild.member.id}>`);
      return emu.waitForMessage({ channelId: guild.generalChannelId, timeoutMs: 500 }).then(
        () => true,
        () => false,
      );
    };
    // The bot has read (and caches) the guild's prefix.
    expect(await answers('!')).to.equal(true);

    // Another process changes it: the core's own settings service and invalidation channel, on the cluster.
    const config = loadConfig({ ...bots.env, DATABASE_URL: bots.database.url });
    const plugins = new PluginRegistry(discoverPlugins([PLUGINS_DIRECTORY]));
    const dataSource = createDataSource({ databaseUrl: bots.database.url, dataDir: 'unused', plugins: plugins.all });
    await dataSource.initialize();
    const publisher = createRedis(config.redis, 'test publisher');
    const subscriber = createRedis(config.redis, 'test subscriber');
    try {
      const bus = new InvalidationBus(publisher, subscriber, `${config.redisNamespace}:guild-settings`);
      await bus.start();
      const settings = new GuildSettings(dataSource, plugins, bus, '!', (message, error) => {
        throw new Error(`${message} ${String(error)}`);
      });
      await settings.updateConfig(guild.id, 'Cluster', { prefix: '?' });
      const changedAt = Date.now();
      await eventually(() => answers('?'), 'the bot to answer the new prefix', 5_000);
      // Half a second of the probe's own wait at most, on top of the invalidation.
      expect(Date.now() - changedAt).to.be.below(1_500);
      expect(await answers('!')).to.equal(false);
    } finally {
      await Promise.all([publisher.quit(), subscriber.quit()]);
      await dataSource.destroy();
    }

    // A tempban: its expiry job goes through BullMQ's scripts on the cluster (one slot, the queue's hash tag).
    const banned = await (
      await admin.slash(guild.generalChannelId, 'ban', { options: { user: guild.member.id, duration: '3s' } })
    ).reply();
    expect(banned.content).to.match(/^Banned/);
    const db = new Client({ connectionString: bots.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ expires_at: Date }>(
        "SELECT expires_at FROM moderation_log WHERE action = 'tempban'",
      );
      expect(rows).to.have.length(1);
      await eventually(() => emu.world.bans(guild.id).length === 0, 'the tempban to be lifted', 20_000);
      const unbans = emu.requests.filter(
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
    expect(bot.output()).not.to.match(/CROSSSLOT|ReplyError|MOVED/);

    bot.child.kill('SIGTERM');
    expect(await bot.exit).to.equal(0);
  });
});
