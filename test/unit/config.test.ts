import { expect } from 'chai';
import { ConfigError, describeRedis, loadConfig, redactUrl } from '../../config';

describe('configuration', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config).to.include({
      token: undefined,
      databaseUrl: undefined,
      discordApiUrl: 'https://discord.com/api',
      defaultPrefix: '!',
      logLevel: 'info',
      // No token: the offline sandbox, whose Redis keys must not mix with a real bot's.
      redisNamespace: 'sandbox',
      // The sandbox's browser playground.
      playgroundPort: 3000,
    });
    expect(config.ownerIds).to.deep.equal([]);
    expect(config.redis).to.deep.equal({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
    expect(config).to.include({ memberCacheSize: 200, userCacheSize: 10_000 });
    expect(loadConfig({ DISCORD_TOKEN: 'abc' }).redisNamespace).to.equal('bot');
    expect(loadConfig({ REDIS_NAMESPACE: 'mine' }).redisNamespace).to.equal('mine');
  });

  it('reads overrides, splitting owner ids', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'abc',
      OWNER_IDS: '123456789012345678, 223456789012345678',
      DEFAULT_PREFIX: '?',
      LOG_LEVEL: 'debug',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(config.ownerIds).to.deep.equal(['123456789012345678', '223456789012345678']);
    expect(config).to.include({ token: 'abc', defaultPrefix: '?', logLevel: 'debug' });
    expect(config.discordApiUrl).to.equal('http://127.0.0.1:9999/api');
  });

  it('reports one line per invalid variable, naming it', () => {
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        OWNER_IDS: '12',
        DEFAULT_PREFIX: 'a b',
        PLAYGROUND_PORT: '70000',
      });
      expect.fail('loadConfig accepted an invalid environment');
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).to.have.length(5);
      for (const variable of ['DATABASE_URL', 'LOG_LEVEL', 'OWNER_IDS', 'DEFAULT_PREFIX', 'PLAYGROUND_PORT']) {
        expect(problems.some((line) => line.startsWith(`${variable}:`))).to.equal(true, variable);
      }
    }
  });

  it('serves no dashboard unless DASHBOARD_PORT is set, and then needs its secrets', () => {
    expect(loadConfig({}).dashboard).to.equal(undefined);
    try {
      loadConfig({
        DASHBOARD_PORT: '8080',
        DASHBOARD_SESSION_SECRET: 'short',
        DASHBOARD_URL: 'https://bot.example.com/x',
      });
      expect.fail('loadConfig accepted a dashboard without its secrets');
    } catch (error) {
      const problems = (error as ConfigError).problems;
      for (const variable of ['DASHBOARD_SESSION_SECRET', 'DASHBOARD_URL']) {
        expect(problems.some((line) => line.startsWith(`${variable}:`))).to.equal(true, variable);
      }
    }
    try {
      loadConfig({ DASHBOARD_PORT: '8080' });
      expect.fail('loadConfig accepted a dashboard without its secrets');
    } catch (error) {
      expect((error as ConfigError).problems).to.deep.equal([
        'DASHBOARD_CLIENT_SECRET: is required when DASHBOARD_PORT is set',
        'DASHBOARD_SESSION_SECRET: is required when DASHBOARD_PORT is set',
      ]);
    }
    const config = loadConfig({
      DASHBOARD_PORT: '8080',
      DASHBOARD_URL: 'https://bot.example.com/',
      DASHBOARD_CLIENT_SECRET: 'secret',
      DASHBOARD_SESSION_SECRET: 'x'.repeat(32),
    });
    expect(config.dashboard).to.deep.equal({
      port: 8080,
      host: '127.0.0.1',
      url: 'https://bot.example.com',
      clientId: undefined,
      clientSecret: 'secret',
      sessionSecret: 'x'.repeat(32),
    });
  });

  it('reads a Redis Cluster or Sentinel instead of one Redis', () => {
    expect(
      loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000, redis-b:7001,[::1]:7002', REDIS_PASSWORD: 's3' }).redis,
    ).to.deep.equal({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.5', port: 7000 },
        { host: 'redis-b', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      password: 's3',
    });
    expect(
      loadConfig({ REDIS_SENTINELS: 'sentinel-a:26379,sentinel-b:26379', REDIS_SENTINEL_NAME: 'mymaster' }).redis,
    ).to.deep.equal({
      kind: 'sentinel',
      sentinels: [
        { host: 'sentinel-a', port: 26379 },
        { host: 'sentinel-b', port: 26379 },
      ],
      name: 'mymaster',
      password: undefined,
    });
    expect(describeRedis(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.5:7000', REDIS_PASSWORD: 's3' }).redis)).to.equal(
      'Redis Cluster 10.0.0.5:7000',
    );
  });

  it('refuses Redis settings that clash or miss a part, one line each', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).to.be.instanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      return expect.fail('loadConfig accepted an invalid environment');
    };
    expect(problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' })[0]).to.match(
      /^REDIS_URL, REDIS_CLUSTER_NODES: set only one/,
    );
    expect(problemsOf({ REDIS_SENTINELS: 'a:26379' })[0]).to.match(/^REDIS_SENTINEL_NAME: required/);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'mymaster' })[0]).to.match(/^REDIS_SENTINEL_NAME: only meaningful/);
    expect(problemsOf({ REDIS_PASSWORD: 'x' })[0]).to.match(/^REDIS_PASSWORD: only for/);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:7000,nohostport' })[0]).to.match(/^REDIS_CLUSTER_NODES: each entry/);
    expect(problemsOf({ MEMBER_CACHE_SIZE: '0' })[0]).to.match(/^MEMBER_CACHE_SIZE:/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).to.equal(undefined);
  });

  it('never shows a password from a URL', () => {
    expect(redactUrl('postgres://bot:hunter2@db:5432/bot')).to.equal('postgres://bot:***@db:5432/bot');
    expect(redactUrl('redis://127.0.0.1:6379')).to.equal('redis://127.0.0.1:6379');
  });
});

describe('configuration of shards and roles', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('keeps one process with every shard by default, 8 jobs at a time', () => {
    expect(loadConfig({ DISCORD_TOKEN: 'abc' })).to.include({
      role: 'bot',
      shards: undefined,
      shardManager: undefined,
      workerConcurrency: 8,
    });
    expect(loadConfig({ WORKER_CONCURRENCY: '32' }).workerConcurrency).to.equal(32);
  });

  it('SHARDS and SHARDS_PER_PROCESS make a manager; SHARD_IDS picks this machine’s share of SHARD_COUNT', () => {
    expect(loadConfig({ SHARDS: 'auto' }).shardManager).to.deep.equal({ total: 'auto', ids: undefined, perProcess: 1 });
    expect(loadConfig({ SHARDS: '4', SHARDS_PER_PROCESS: '2' }).shardManager).to.deep.equal({
      total: 4,
      ids: undefined,
      perProcess: 2,
    });
    expect(loadConfig({ SHARDS: '8', SHARD_IDS: '4-6, 7' }).shardManager).to.deep.equal({
      total: 8,
      ids: [4, 5, 6, 7],
      perProcess: 1,
    });
    // Without a manager: this one process runs those shards.
    expect(loadConfig({ SHARD_IDS: '0,2', SHARD_COUNT: '4' })).to.deep.include({
      shards: { ids: [0, 2], count: 4 },
      shardManager: undefined,
    });
    expect(loadConfig({ SHARD_COUNT: '2' }).shards).to.deep.equal({ ids: [0, 1], count: 2 });
  });

  it('a shard process reads the shards its manager gave it, not the operator’s settings', () => {
    const config = loadConfig({
      SHARDING_MANAGER: 'true',
      SHARDS: '[2,3]',
      SHARD_COUNT: '4',
      SHARD_IDS: '2-3',
      SHARDS_PER_PROCESS: '2',
    });
    expect(config).to.deep.include({ shards: { ids: [2, 3], count: 4 }, shardManager: undefined });
    expect(loadConfig({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' }).shards).to.deep.equal({
      ids: [1],
      count: 2,
    });
  });

  it('a worker runs jobs only, and refuses shard settings', () => {
    expect(loadConfig({ ROLE: 'worker' })).to.include({ role: 'worker', shards: undefined, shardManager: undefined });
    expect(problemsOf({ ROLE: 'worker', SHARDS: '2' })).to.deep.equal([
      'ROLE: a worker connects no gateway shards; unset SHARDS, SHARDS_PER_PROCESS and SHARD_IDS for it',
    ]);
  });

  it('says which shard setting is wrong, one line each', () => {
    expect(
      problemsOf({ SHARDS: 'many', ROLE: 'boss', WORKER_CONCURRENCY: '0' }).map((line) => line.split(':')[0]),
    ).to.have.members(['SHARDS', 'ROLE', 'WORKER_CONCURRENCY']);
    expect(problemsOf({ SHARD_IDS: '0-3' })).to.deep.equal([
      'SHARD_IDS: needs SHARD_COUNT, the number of shards of all machines together',
    ]);
    expect(problemsOf({ SHARD_IDS: '3-1', SHARD_COUNT: '4' })).to.deep.equal([
      'SHARD_IDS: the range 3-1 runs backwards',
    ]);
    expect(problemsOf({ SHARD_IDS: 'zero' })[0]).to.match(/^SHARD_IDS: must list shard ids and ranges/);
    expect(problemsOf({ SHARD_IDS: '2-4', SHARD_COUNT: '4' })).to.deep.equal([
      'SHARD_IDS: shard 4 does not exist out of 4 (ids run 0 to 3)',
    ]);
    expect(problemsOf({ SHARDS: '4', SHARD_COUNT: '8' })).to.deep.equal([
      'SHARD_COUNT: 8 differs from SHARDS=4; set one of them',
    ]);
    expect(problemsOf({ SHARDS: 'auto', SHARD_IDS: '0' })).to.deep.equal([
      'SHARD_IDS: needs SHARD_COUNT, the number of shards of all machines together',
    ]);
  });
});
