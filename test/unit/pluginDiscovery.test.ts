import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { discoverPlugins, PluginLoadError } from '../../src/plugin-system/discovery';

const sets = resolve(__dirname, '../fixtures/plugin-sets');
const discover = (...names: string[]) => discoverPlugins(names.map((name) => resolve(sets, name)));

function expectLoadError(load: () => unknown, pattern: RegExp) {
  expect(load).to.throw(PluginLoadError, pattern);
}

describe('plugin discovery', () => {
  it('loads manifests and orders plugins after their dependencies', () => {
    const plugins = discover('valid');
    expect(plugins.map((plugin) => plugin.name)).to.deep.equal(['zlib', 'app']);
    const zlib = plugins[0]!;
    expect(zlib.defaultEnabled).to.equal(true);
    expect(zlib.settings?.parse({})).to.deep.equal({ level: 6 });
    expect(zlib.directory).to.equal(resolve(sets, 'valid/zlib'));
    expect(plugins[1]!.defaultEnabled).to.equal(false);
  });

  it('refuses a plugin whose name differs from its folder', () => {
    expectLoadError(() => discover('name-mismatch'), /folder "foo" is named "bar"/);
  });

  it('refuses two plugins declaring the same leaderboard', () => {
    expectLoadError(() => discover('leaderboard-clash'), /"alpha" and "beta" both declare the leaderboard "points"/);
  });

  it('refuses two plugins with the same name', () => {
    expectLoadError(() => discover('duplicate-a', 'duplicate-b'), /Two plugins are named "same"/);
  });

  it('refuses a dependency that is not installed', () => {
    expectLoadError(() => discover('unknown-dependency'), /"lonely" depends on "ghost", which is not installed/);
  });

  it('refuses a dependency cycle and names it', () => {
    expectLoadError(() => discover('cycle'), /cycle: a → b → c → a/);
  });

  it('refuses two pieces with the same name in different plugins', () => {
    expectLoadError(() => discover('piece-clash'), /Two commands pieces are named "ping"/);
  });

  it('refuses a plugin piece that would replace a core piece', () => {
    const core = resolve(sets, 'piece-clash/one'); // stands in for src/, with its commands/ping.ts
    expect(() => discoverPlugins([resolve(sets, 'valid')], core)).not.to.throw();
    expectLoadError(() => discoverPlugins([resolve(sets, 'core-clash')], core), /Two commands pieces are named "ping"/);
  });

  it('refuses a plugin folder without a manifest', () => {
    expectLoadError(() => discover('no-manifest'), /has no index.ts manifest/);
  });

  it('refuses a setting without a default', () => {
    expectLoadError(() => discover('missing-default'), /every setting needs a default \(apiKey\)/);
  });

  it('loads every plugin of the real plugins folder', () => {
    const folder = resolve(__dirname, '../../plugins');
    const plugins = discoverPlugins([folder], resolve(__dirname, '../../src'));
    const installed = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(plugins.map((plugin) => plugin.name).sort()).to.deep.equal(installed.map((entry) => entry.name).sort());
  });
});
