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
