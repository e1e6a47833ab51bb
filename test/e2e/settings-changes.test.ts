import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { SettingsChange } from '../../src/database/entities/SettingsChange';
import type { SettingsChangeEvent } from '../../src/guilds/settingsChanges';
import { DashboardClient, dashboardUrl } from '../helpers/dashboard';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';

describe('settings changes: one record and one event per change, from commands and the dashboard alike', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let announced: SettingsChangeEvent[];
  const listen = (event: SettingsChangeEvent) => {
    if (event.guildId === guild.id) announced.push(event);
  };

  before(async () => {
    h = await harness();
    container.client.on('settingsChange', listen);
  });

  after(() => {
    container.client.off('settingsChange', listen);
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    announced = [];
  });

  const recorded = async () =>
    (
      await container.database
        .getRepository(SettingsChange)
        .find({ where: { guildId: guild.id }, order: { id: 'ASC' } })
    ).map((change) => [change.actorId, change.source, change.target, change.before, change.after]);

  it('records slash, prefix and dashboard changes once each, with who, from where, before and after', async () => {
    const owner = guild.owner.id;
    expect((await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin: 'economy' })).text).to.include(
      'now enabled',
    );
    const set = await guild.slash(guild.as.owner, 'plugins', 'config', {
      plugin: 'economy',
      setting: 'dailyAmount',
      value: '500',
    });
    expect(set.text).to.equal('**economy** · `dailyAmount` is now `500`.');
    // The same value again changes nothing, so nothing is recorded.
    await guild.slash(guild.as.owner, 'plugins', 'config', { plugin: 'economy', setting: 'dailyAmount', value: '500' });
    expect((await guild.prefix(guild.as.owner, '!config prefix ?')).text).to.equal('The prefix is now `?`.');
    await guild.slash(guild.as.owner, 'permissions', 'grant', { permission: 'BAN_USER', target: guild.modRoleId });
    await guild.prefix(guild.as.owner, `?permissions reset BAN_USER <@&${guild.modRoleId}>`);

    const dashboard = new DashboardClient(dashboardUrl());
    await dashboard.login(owner);
    expect((await dashboard.post(`/servers/${guild.id}/plugins/economy`, { dailyAmount: '600' })).status).to.equal(200);
    const config = await dashboard.post(`/servers/${guild.id}/config`, {
      prefix: '!',
      auditEvents: ['MOD_EVENTS', 'ROLE_EVENTS'],
    });
    expect(config.status).to.equal(200);
    expect((await dashboard.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'false' })).status).to.equal(
      303,
    );

    const role = `permission:role:${guild.modRoleId}.BAN_USER`;
    expect(await recorded()).to.deep.equal([
      [owner, 'slash', 'plugin:economy', false, true],
      [owner, 'slash', 'plugin:economy.settings.dailyAmount', 100, 500],
      [owner, 'prefix', 'config.prefix', null, '?'],
      [owner, 'slash', role, null, 'GRANT'],
      [owner, 'prefix', role, 'GRANT', null],
      [owner, 'dashboard', 'plugin:economy.settings.dailyAmount', 500, 600],
      [owner, 'dashboard', 'config.prefix', '?', '!'],
      [owner, 'dashboard', 'config.auditEvents', [], ['MOD_EVENTS', 'ROLE_EVENTS']],
      [owner, 'dashboard', 'plugin:economy', true, false],
    ]);
    // One event per command or form, in order, carrying the same changes.
    expect(announced.map((event) => [event.actor.source, event.changes.length])).to.deep.equal([
      ['slash', 1],
      ['slash', 1],
      ['prefix', 1],
      ['slash', 1],
      ['prefix', 1],
      ['dashboard', 1],
      ['dashboard', 2],
      ['dashboard', 1],
    ]);
    expect(announced[3]!.changes).to.deep.equal([
      {
        target: { kind: 'permission', subjectType: 'ROLE', subjectId: guild.modRoleId, permission: 'BAN_USER' },
        before: null,
        after: 'GRANT',
      },
    ]);
    expect(announced.every((event) => event.actor.userId === owner)).to.equal(true);

    const history = await dashboard.get(`/servers/${guild.id}/changes`);
    expect(history.text).to.include('plugin:economy.settings.dailyAmount').and.include('<td>prefix</td>');
  });

  it('records nothing for a refused change', async () => {
    await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin: 'economy' });
    const before = await recorded();
    const refused = await guild.slash(guild.as.owner, 'plugins', 'config', {
      plugin: 'economy',
      setting: 'dailyAmount',
      value: '-5',
    });
    expect(refused.text).to.match(/is not a valid value for `dailyAmount`/);
    const member = await guild.slash(guild.as.member, 'config', 'prefix', { prefix: '?' });
    expect(member.text).to.match(/MANAGE_BOT_SETTINGS/);
    expect(await recorded()).to.deep.equal(before);
  });
});
