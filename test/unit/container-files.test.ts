import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig } from '../../config';
import { configSchema } from '../../config/schema';
import { ENDPOINTS } from '../../src/metrics/server';

const ROOT = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  volumes?: string[];
  stop_grace_period?: string;
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}`, with `given` as the operator's .env:
 * what the container's environment holds.
 */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (given[name]) return given[name];
    if (kind === '-') return rest ?? '';
    if (kind === '?') throw new Error(`compose requires ${name}: ${rest}`);
    return '';
  });
}

/** The numbers a health check's command line names after `127.0.0.1:` or `localhost:`, with the path. */
function probedUrls(test: string | string[] | undefined): { port: number; path: string }[] {
  const text = Array.isArray(test) ? test.join(' ') : (test ?? '');
  return [...text.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)(\/[\w/]*)/g)].map((m) => ({
    port: Number(m[1]),
    path: m[2],
  }));
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function dockerInstructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

describe('container files keep in step with the code', () => {
  const compose = parse(read('compose.yaml')) as Compose;
  const bot = compose.services.bot;
  // What an operator's .env gives: the one value compose insists on.
  const operatorEnv = { DISCORD_TOKEN: 'token-from-dotenv' };
  const envOf = (service: ComposeService | undefined) =>
    Object.fromEntries(
      Object.entries(service?.environment ?? {}).map(([key, value]) => [
        key,
        interpolate(String(value ?? ''), operatorEnv),
      ]),
    );
  const botEnv = envOf(bot);
  const worker = compose.services.worker;
  const workerEnv = envOf(worker);

  it('compose.yaml parses and has PostgreSQL, Redis, the bot and a worker, with volumes for the data', () => {
    expect(Object.keys(compose.services)).to.include.members(['postgres', 'redis', 'bot', 'worker']);
    expect(worker.build).to.equal('.');
    expect(compose.services.postgres.image).to.match(/^postgres:/);
    expect(compose.services.redis.image).to.match(/^redis:/);
    expect(bot.build).to.equal('.');
    for (const service of ['postgres', 'redis']) {
      const named = (compose.services[service].volumes ?? []).map((volume) => volume.split(':')[0]);
      expect(named, service).to.have.lengthOf.at.least(1);
      for (const volume of named) expect(compose.volumes ?? {}, volume).to.have.property(volume);
    }
  });

  it('sets every variable the configuration requires, and only variables the configuration knows', () => {
    const known = Object.keys(configSchema.shape);
    for (const key of [...Object.keys(botEnv), ...Object.keys(workerEnv)])
      expect(known, `compose sets ${key}, which config/schema.ts ignores`).to.include(key);
    const required = known.filter(
      (key) => !configSchema.shape[key as keyof typeof configSchema.shape].safeParse(undefined).success,
    );
    for (const key of required) expect(botEnv, `the schema requires ${key}`).to.have.property(key);
    // A real deployment, not the sandbox; the services' own database and Redis, not a file inside the container.
    for (const key of ['DISCORD_TOKEN', 'DATABASE_URL', 'REDIS_URL', 'METRICS_PORT']) {
      expect(botEnv[key], key).to.be.a('string').and.not.equal('');
    }
    const config = loadConfig(botEnv);
    expect(config.token).to.equal(operatorEnv.DISCORD_TOKEN);
    expect(new URL(config.databaseUrl!).hostname).to.equal('postgres');
    expect(config.redis.kind).to.equal('standalone');
    expect(new URL((config.redis as { url: string }).url).hostname).to.equal('redis');
    // Published to the host, so it listens on every interface inside the container.
    expect(config.metricsHost).to.equal('0.0.0.0');
    const [published] = (bot as { ports?: string[] }).ports ?? [];
    expect(published).to.match(new RegExp(`:${config.metricsPort}$`));
  });

  it('the bot is a shard manager and the worker runs jobs only, on the same database and Redis', () => {
    const botConfig = loadConfig(botEnv);
    expect(botConfig.shardManager).to.deep.equal({ total: 'auto', ids: undefined, perProcess: 1 });
    const workerConfig = loadConfig(workerEnv);
    expect(workerConfig).to.include({
      role: 'worker',
      token: botConfig.token,
      databaseUrl: botConfig.databaseUrl,
      redisNamespace: botConfig.redisNamespace,
      workerConcurrency: botConfig.workerConcurrency,
      shardManager: undefined,
    });
    expect(workerConfig.redis).to.deep.equal(botConfig.redis);
    expect(probedUrls(worker.healthcheck?.test)).to.deep.equal([
      { port: workerConfig.metricsPort, path: ENDPOINTS.readiness },
    ]);
    expect(workerConfig.metricsHost).to.equal('0.0.0.0');
    // Workers start once the bot's first shard has migrated the database.
    for (const [dependency, { condition }] of Object.entries(worker.depends_on ?? {})) {
      expect(condition, dependency).to.equal('service_healthy');
    }
    expect(Object.keys(worker.depends_on ?? {})).to.include.members(['postgres', 'redis', 'bot']);
    const grace = Number(/^(\d+)s$/.exec(worker.stop_grace_period ?? '')?.[1]) * 1000;
    expect(grace).to.be.greaterThan(workerConfig.shutdownTimeoutMs);
  });

  it("health checks probe the bot's real readiness endpoint, and the bot waits for healthy dependencies", () => {
    const { metricsPort } = loadConfig(botEnv);
    expect(probedUrls(bot.healthcheck?.test)).to.deep.equal([{ port: metricsPort, path: ENDPOINTS.readiness }]);
    for (const [dependency, { condition }] of Object.entries(bot.depends_on ?? {})) {
      expect(condition, dependency).to.equal('service_healthy');
      expect(compose.services[dependency].healthcheck?.test, dependency).to.not.equal(undefined);
    }
    expect(Object.keys(bot.depends_on ?? {})).to.include.members(['postgres', 'redis']);
    // Docker's SIGKILL comes after the bot's own graceful-shutdown limit.
    const grace = Number(/^(\d+)s$/.exec(bot.stop_grace_period ?? '')?.[1]) * 1000;
    expect(grace).to.be.greaterThan(loadConfig(botEnv).shutdownTimeoutMs);
  });

  it('the Dockerfile builds in stages and runs the built bot as a non-root user under an init', () => {
    const instructions = dockerInstructions(read('Dockerfile'));
    const stages = instructions.filter((i) => i.keyword === 'FROM');
    expect(stages.length).to.be.at.least(2);
    const runtime = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));
    const user = runtime.filter((i) => i.keyword === 'USER').at(-1);
    expect(user?.args)
      .to.be.a('string')
      .and.not.match(/^(root|0)(:|$)/);
    const entrypoint = JSON.parse(runtime.find((i) => i.keyword === 'ENTRYPOINT')!.args) as string[];
    expect(entrypoint[0]).to.match(/tini$/);
    const command = JSON.parse(runtime.find((i) => i.keyword === 'CMD')!.args) as string[];
    expect(command[0]).to.equal('node');
    // The file `npm run build` writes for src/index.ts, and the one `npm start` runs.
    const build = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { outDir: string; rootDir: string } };
    expect(build.compilerOptions.rootDir).to.equal('.');
    const entry = `${build.compilerOptions.outDir}/src/index.js`;
    expect(command.at(-1)).to.equal(entry);
    const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(packageJson.scripts.start).to.match(new RegExp(`${entry.replaceAll('.', '\\.')}$`));
    // Its own health check probes the same endpoint, on the port its environment sets.
    const port = /METRICS_PORT=(\d+)/.exec(
      runtime
        .filter((i) => i.keyword === 'ENV')
        .map((i) => i.args)
        .join(' '),
    );
    const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    expect(probedUrls(healthcheck)).to.deep.equal([{ port: Number(port?.[1]), path: ENDPOINTS.readiness }]);
    expect(read('.dockerignore'))
      .to.match(/^node_modules$/m)
      .and.match(/^\.env$/m);
  });
});
