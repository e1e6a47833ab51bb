import { expect } from 'chai';
import { z } from 'zod';
import {
  attachPlugins,
  definePlugin,
  type PluginHandle,
  type PluginStateSource,
} from '../../src/plugin-system/definePlugin';

/** A settings source that answers every guild with the same settings: what a handle reads through. */
function sourceWith(settings: Record<string, unknown>): PluginStateSource {
  return {
    pluginSettingsOf: async () => settings,
    pluginSettingsNow: () => settings,
    isEnabled: async () => true,
    isEnabledNow: () => true,
    setPluginSetting: async () => undefined,
  };
}

const schema = z.object({ colour: z.string().default('blue') });
const plugin = (name: string): { handle: PluginHandle<typeof schema> } => ({
  handle: definePlugin({ name, description: 'A test plugin.', settings: schema }),
});

describe('plugin handles', () => {
  it('serve the first settings source attached, and refuse a second, different one by name', async () => {
    const { handle } = plugin('paint');
    const bot = sourceWith({ colour: 'red' });
    handle.attach(bot);
    handle.attach(bot); // the same source again is harmless
    expect(() => handle.attach(sourceWith({ colour: 'green' }))).to.throw(
      /Plugin "paint" already reads its guild state from another settings service/,
    );
    expect(await handle.settings('1')).to.deep.equal({ colour: 'red' });
  });

  it('are attached all or none: a refusal leaves no plugin reading from the refused source', async () => {
    const taken = plugin('taken');
    const free = plugin('free');
    const bot = sourceWith({ colour: 'red' });
    attachPlugins([taken], bot);
    expect(() => attachPlugins([free, taken], sourceWith({ colour: 'green' }))).to.throw(/Plugin "taken"/);
    expect(() => free.handle.settingsNow('1')).to.throw(/before the bot attached its settings/);
    expect(taken.handle.settingsNow('1')).to.deep.equal({ colour: 'red' });
  });
});
