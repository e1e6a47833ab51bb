import { container, type Listener } from '@sapphire/framework';
import { PluginListener } from '../../src/plugin-kit/PluginListener';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { eventually } from '../helpers/wait';
import { probeLog, type ProbeRecord } from '../fixtures/harness-plugins/probe/services/probeLog';

/**
 * The per-guild gate of plugin listeners, from the declared event tables: the probe plugin (installed by the
 * harness) is enabled in one guild and not in the other, and each kind of event reaches its listener only there.
 */
describe('plugin listeners are gated per guild by declared events', function () {
  this.timeout(30_000);
  let h: Harness;
  let on: TestGuild;
  let off: TestGuild;

  before(async () => {
    h = await harness();
    on = await createTestGuild(h.emu);
    off = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(on.id, 'probe', on.setupBy);
  });

  const received = (event: string, guildId: string) =>
    probeLog.filter((record: ProbeRecord) => record.event === event && record.guildId === guildId);

  // In each test the disabled guild's event is sent first: the gateway delivers in order, so once the enabled
  // guild's event has arrived, the other has been through the gate too.
  it('a message', async () => {
    await off.as.member.say(off.generalChannelId, 'probe: hello');
    await on.as.member.say(on.generalChannelId, 'probe: hello');
    await eventually(() => received('messageCreate', on.id).length === 1, 'the message in the enabled guild');
    expect(received('messageCreate', off.id)).to.deep.equal([]);
  });

  it('a reaction on a message the client never cached', async () => {
    const inOn = await on.as.member.say(on.generalChannelId, 'react to me');
    const inOff = await off.as.member.say(off.generalChannelId, 'react to me');
    await off.as.owner.react(inOff, '👍');
    await on.as.owner.react(inOn, '👍');
    await eventually(() => received('MESSAGE_REACTION_ADD', on.id).length === 1, 'the reaction in the enabled guild');
    expect(received('MESSAGE_REACTION_ADD', off.id)).to.deep.equal([]);
  });

  it('an audit-log entry, whose guild is its second argument', async () => {
    const victimOff = h.emu.createUser({ username: 'victim-off' });
    const victimOn = h.emu.createUser({ username: 'victim-on' });
    h.emu.addMember(off.id, victimOff.id);
    h.emu.addMember(on.id, victimOn.id);
    await off.as.owner.ban(off.id, victimOff.id, { reason: 'gate test' });
    await on.as.owner.ban(on.id, victimOn.id, { reason: 'gate test' });
    await eventually(() => received('guildAuditLogEntryCreate', on.id).length >= 1, 'the entry in the enabled guild');
    expect(received('guildAuditLogEntryCreate', off.id)).to.deep.equal([]);
  });

  it("a plugin's custom event, through the guild its events.ts declares", async () => {
    container.client.emit('probeEvent', { guildId: off.id, note: 'off' });
    container.client.emit('probeEvent', { guildId: on.id, note: 'on' });
    await eventually(() => received('probeEvent', on.id).length === 1, 'the custom event in the enabled guild');
    expect(received('probeEvent', off.id)).to.deep.equal([]);
  });

  it('stops reaching a guild as soon as the plugin is disabled there', async () => {
    await container.guildSettings.disablePlugin(on.id, 'probe', on.setupBy);
    container.client.emit('probeEvent', { guildId: on.id, note: 'after disable' });
    // The gate of that event may be waiting for the guild's state to load again: let it answer before re-enabling.
    expect(await container.plugins.get('probe')!.handle.isEnabled(on.id)).to.equal(false);
    await container.guildSettings.enablePlugin(on.id, 'probe', on.setupBy);
    container.client.emit('probeEvent', { guildId: on.id, note: 'after enable' });
    await eventually(
      () => received('probeEvent', on.id).some((record) => record.detail === 'after enable'),
      'the event after re-enabling',
    );
    expect(received('probeEvent', on.id).map((record) => record.detail)).to.deep.equal(['on', 'after enable']);
  });

  it('refuses to load a plugin listener on an event no table declares, naming it', async () => {
    class UndeclaredListener extends PluginListener<'noSuchEvent'> {
      public constructor(context: Listener.LoaderContext, options: Listener.Options) {
        super(context, { ...options, event: 'noSuchEvent' });
      }

      public override runEnabled() {}
    }
    const store = container.stores.get('listeners');
    const listener = new UndeclaredListener({ name: 'undeclared', root: __dirname, path: __filename, store }, {});
    expect(() => listener.onLoad()).to.throw(/listens to "noSuchEvent", an event with no declared guild/);
  });

  it("leaves unloaded a listener on an optional partner's event that no installed plugin declares", async () => {
    class PartnerListener extends PluginListener<'noSuchEvent'> {
      public constructor(context: Listener.LoaderContext, options: Listener.Options) {
        super(context, { ...options, event: 'noSuchEvent', partnerEvent: true });
      }

      public override runEnabled() {}
    }
    const store = container.stores.get('listeners');
    const listener = new PartnerListener({ name: 'partner', root: __dirname, path: __filename, store }, {});
    await listener.onLoad();
    expect(listener.enabled).to.equal(false);
  });
});
