import 'reflect-metadata';
import { resolve } from 'node:path';
import { UserError } from '@sapphire/framework';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/dataSource';
import { GuildSettings } from '../../src/guilds/GuildSettings';
import type { SettingsActor, SettingsChangeEvent } from '../../src/guilds/settingsChanges';
import { PluginHandle } from '../../src/plugin-system/definePlugin';
import { discoverPlugins } from '../../src/plugin-system/discovery';
import { PluginRegistry } from '../../src/plugin-system/PluginRegistry';
import { createRedis } from '../../src/redis/connect';
import { InvalidationBus } from '../../src/redis/InvalidationBus';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';

// Fixture plugins: `zlib` (on by default, a `level` setting) and `app`, which depends on zlib.
const plugins = discoverPlugins([resolve(__dirname, '../fixtures/plugin-sets/valid')]);
/**
 * The plugins as one process of its own loads them: handles are module singletons, one per real process, and a
 * settings service serves the handles it is given — so each simulated process gets handles of its own.
 */
const registryOfOneProcess = () =>
  new PluginRegistry(plugins.map((plugin) => ({ ...plugin, handle: new PluginHandle(plugin.handle.manifest) })));
const GUILD = '1400000000000000001';
const ADMIN: SettingsActor = { userId: '1400000000000000002', source: 'slash' };

/** One "process": its own database pool, Redis connections and cache, sharing the database and Redis. */
interface Process {
  settings: GuildSettings;
  registry: PluginRegistry;
  /** Another settings service over this process's plugins (as a second one started by mistake would be). */
  secondSettings(): GuildSettings;
  /** The settings changes this process announced. */
  announced: SettingsChangeEvent[];
  close(): Promise<void>;
}

async function startProcess(databaseUrl: string, channel: string): Promise<Process> {
  const dataSource: DataSource = createDataSource({ databaseUrl, dataDir: 'unused', plugins: [] });
  await dataSource.initialize();
  const publisher = createRedis(TEST_REDIS_URL, 'test publisher');
  const subscriber = createRedis(TEST_REDIS_URL, 'test subscriber');
  const bus = new InvalidationBus(publisher, subscriber, channel);
  await bus.start();
  const registry = registryOfOneProcess();
  const announced: SettingsChangeEvent[] = [];
  const settings = () =>
    new GuildSettings(
      dataSource,
      registry,
      bus,
      '!',
      (message, error) => {
        throw new Error(`${message} ${String(error)}`);
      },
      (event) => announced.push(event),
    );
  return {
    settings: settings(),
    registry,
    secondSettings: settings,
    announced,
    close: async () => {
      await Promise.all([publisher.quit(), subscriber.quit()]);
      await dataSource.destroy();
    },
  };
}

async function expectRefusal(action: Promise<unknown>, pattern: RegExp) {
  const error = await action.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, 'expected a refusal').to.be.instanceOf(UserError);
  expect((error as UserError).message).to.match(pattern);
}

describe('per-guild plugin state across processes', function () {
  this.timeout(30_000);
  let database: TestDatabase;
  let first: Process;
  let second: Process;

  before(async () => {
    database = await createTestDatabase('settings');
    const migrator = createDataSource({ databaseUrl: database.url, dataDir: 'unused', plugins: [] });
    await migrator.initialize();
    await migrator.runMigrations();
    await migrator.destroy();
    const channel = `${uniqueRedisNamespace()}:guild-settings`;
    [first, second] = await Promise.all([startProcess(database.url, channel), startProcess(database.url, channel)]);
  });

  after(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await database?.drop();
  });

  it('refuses a second settings service over plugins another one serves, and the first keeps them', async () => {
    expect(() => first.secondSettings()).to.throw(/Plugin "zlib" already reads its guild state from another/);
    expect(await first.registry.get('zlib')!.handle.isEnabled(GUILD)).to.equal(true);
  });

  it("uses each manifest's default until an admin changes it", async () => {
    expect(await first.settings.isEnabled(GUILD, 'zlib')).to.equal(true);
    expect(await first.settings.isEnabled(GUILD, 'app')).to.equal(false);
    expect(await first.settings.isEnabled(GUILD, 'not-installed')).to.equal(false);
  });

  it('a change in one process reaches the other within a second, though both had it cached', async () => {
    expect(await second.settings.isEnabled(GUILD, 'app')).to.equal(false); // cached in the second process
    await first.settings.enablePlugin(GUILD, 'app', ADMIN);
    const took = await eventually(() => second.settings.isEnabled(GUILD, 'app'), 'the second process to see it', 1_000);
    expect(took).to.be.below(1_000);
  });

  it('answers isEnabledNow without waiting once loaded, and not from a state another process changed', async () => {
    const guild = '1400000000000000009';
    expect(second.settings.isEnabledNow(guild, 'app')).to.equal(undefined); // never loaded here
    expect(await second.settings.isEnabled(guild, 'app')).to.equal(false);
    expect(second.settings.isEnabledNow(guild, 'app')).to.equal(false);
    await first.settings.enablePlugin(guild, 'zlib', ADMIN);
    await first.settings.enablePlugin(guild, 'app', ADMIN);
    await eventually(() => second.settings.isEnabledNow(guild, 'app') !== false, 'the stale answer to be dropped');
    // Reloaded on the next ordinary check (a load that raced with an invalidation is not kept).
    await eventually(
      async () =>
        (await second.settings.isEnabled(guild, 'app')) && second.settings.isEnabledNow(guild, 'app') === true,
      'the fresh state to be answered without waiting',
    );
  });

  it('refuses to disable a plugin another enabled plugin needs, naming it', async () => {
    await expectRefusal(first.settings.disablePlugin(GUILD, 'zlib', ADMIN), /\*\*zlib\*\* is needed by \*\*app\*\*/);
    expect(await second.settings.isEnabled(GUILD, 'zlib')).to.equal(true);
  });

  it('refuses to enable a plugin whose dependency is off, naming the dependency', async () => {
    await first.settings.disablePlugin(GUILD, 'app', ADMIN);
    await first.settings.disablePlugin(GUILD, 'zlib', ADMIN);
    await expectRefusal(first.settings.enablePlugin(GUILD, 'app', ADMIN), /needs \*\*zlib\*\* enabled first/);
    expect(await first.settings.isEnabled(GUILD, 'app')).to.equal(false);
  });

  it('refuses an unknown plugin, listing the installed ones', async () => {
    await expectRefusal(first.settings.enablePlugin(GUILD, 'economy', ADMIN), /no plugin called `economy`.*zlib/);
  });

  it('validates settings with the plugin schema and shares them', async () => {
    expect(await second.settings.pluginSettingsOf(GUILD, 'zlib')).to.deep.equal({ level: 6 });
    await expectRefusal(
      first.settings.setPluginSetting(GUILD, 'zlib', 'level', '20', ADMIN),
      /not a valid value for `level`/,
    );
    await expectRefusal(
      first.settings.setPluginSetting(GUILD, 'zlib', 'colour', 'red', ADMIN),
      /no setting `colour`.*`level`/,
    );
    expect(await first.settings.setPluginSetting(GUILD, 'zlib', 'level', '3', ADMIN)).to.equal(3);
    await eventually(
      async () => (await second.settings.pluginSettingsOf(GUILD, 'zlib')).level === 3,
      'the new setting in the second process',
      1_000,
    );
  });

  it('keeps the guild prefix and config in the same shared cache', async () => {
    expect(await second.settings.prefixFor(GUILD)).to.equal('!');
    await first.settings.updateConfig(GUILD, 'Test guild', { prefix: '?' }, ADMIN);
    await eventually(async () => (await second.settings.prefixFor(GUILD)) === '?', 'the new prefix', 1_000);
  });

  it('records each change once with who, where from, before and after, and announces it where it was made', async () => {
    const guild = '1400000000000000011';
    const dashboard: SettingsActor = { userId: '1400000000000000012', source: 'dashboard' };
    const targets = async () =>
      (await first.settings.changes.latest(guild)).reverse().map((change) => ({
        actorId: change.actorId,
        source: change.source,
        target: change.target,
        before: change.before,
        after: change.after,
      }));
    const announcedBefore = first.announced.length;
    await first.settings.disablePlugin(guild, 'zlib', ADMIN);
    await first.settings.setPluginSetting(guild, 'zlib', 'level', '4', dashboard);
    // Nothing changes: nothing is recorded.
    await first.settings.setPluginSetting(guild, 'zlib', 'level', '4', dashboard);
    await first.settings.disablePlugin(guild, 'zlib', ADMIN);
    // Refused: nothing is stored, so nothing is recorded.
    await expectRefusal(first.settings.setPluginSetting(guild, 'zlib', 'level', '99', ADMIN), /not a valid value/);
    await first.settings.updateConfig(guild, 'Recorded', { prefix: '?', logChannelId: null }, ADMIN);
    expect(await first.settings.setPluginSettings(guild, 'zlib', { level: '5' }, dashboard)).to.deep.equal({
      level: 5,
    });

    expect(await targets()).to.deep.equal([
      { actorId: ADMIN.userId, source: 'slash', target: 'plugin:zlib', before: true, after: false },
      { actorId: dashboard.userId, source: 'dashboard', target: 'plugin:zlib.settings.level', before: 6, after: 4 },
      { actorId: ADMIN.userId, source: 'slash', target: 'config.prefix', before: null, after: '?' },
      { actorId: dashboard.userId, source: 'dashboard', target: 'plugin:zlib.settings.level', before: 4, after: 5 },
    ]);
    const events = first.announced.slice(announcedBefore);
    expect(events.map((event) => [event.guildId, event.actor, event.changes])).to.deep.equal([
      [guild, ADMIN, [{ target: { kind: 'plugin', plugin: 'zlib' }, before: true, after: false }]],
      [guild, dashboard, [{ target: { kind: 'pluginSetting', plugin: 'zlib', key: 'level' }, before: 6, after: 4 }]],
      [guild, ADMIN, [{ target: { kind: 'config', field: 'prefix' }, before: null, after: '?' }]],
      [guild, dashboard, [{ target: { kind: 'pluginSetting', plugin: 'zlib', key: 'level' }, before: 4, after: 5 }]],
    ]);
    // The event is the process's own (its listeners post it); the record is shared.
    expect(second.announced.filter((event) => event.guildId === guild)).to.deep.equal([]);
    expect(await second.settings.changes.latest(guild)).to.have.length(4);
  });
});
