import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { PermissionFlagsBits } from 'discord.js';
import { SettingsChange } from '../../src/database/entities/SettingsChange';
import { DashboardClient, dashboardUrl } from '../helpers/dashboard';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

describe('dashboard: login, pages and authorization', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let other: TestGuild;
  let owner: DashboardClient;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    other = await createTestGuild(h.emu);
    owner = new DashboardClient(dashboardUrl());
    await owner.login(guild.owner.id);
  });

  const changesIn = (guildId: string) => container.database.getRepository(SettingsChange).countBy({ guildId });

  it('logs in through the emulator’s OAuth2 and lists only the servers the user manages', async () => {
    const home = await owner.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include(`/servers/${guild.id}`);
    expect(home.text).to.not.include(`/servers/${other.id}`);
    // The session cookie is HttpOnly, SameSite and signed.
    const visitor = new DashboardClient(dashboardUrl());
    const login = await visitor.request('/login');
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.origin + authorize.pathname).to.equal(`${h.config.discordApiUrl}/oauth2/authorize`);
    expect(login.headers.getSetCookie()[0]).to.match(/HttpOnly; SameSite=Lax/);
  });

  it('turns a plugin on through the same service as /plugins, and the bot answers accordingly within a second', async () => {
    const page = await owner.get(`/servers/${guild.id}`);
    expect(page.status).to.equal(200);
    const before = await guild.slash(guild.as.member, 'balance');
    expect(before.text).to.match(/not enabled|turned off|disabled/i);
    const done = await owner.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'true' });
    expect(done.status).to.equal(303);
    const after = await guild.slash(guild.as.member, 'balance');
    expect(after.text).to.not.match(/not enabled|turned off|disabled/i);
    const [change] = await container.database.getRepository(SettingsChange).findBy({ guildId: guild.id });
    expect(change).to.include({ actorId: guild.owner.id, target: 'plugin:economy', before: false, after: true });
  });

  it('saves settings from the schema-built form, and refuses a bad value with the schema’s message, changing nothing', async () => {
    await container.guildSettings.enablePlugin(guild.id, 'economy', guild.setupBy);
    const form = await owner.get(`/servers/${guild.id}/plugins/economy`);
    expect(form.status).to.equal(200);
    expect(form.text).to.include('name="currencyName"');
    const recorded = await changesIn(guild.id);
    const bad = await owner.post(`/servers/${guild.id}/plugins/economy`, { dailyAmount: '-5' });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.include('Nothing was saved');
    expect(bad.text).to.match(/Too small|>=|at least/i);
    expect((await container.guildSettings.pluginSettingsOf(guild.id, 'economy')).dailyAmount).to.not.equal(-5);
    expect(await changesIn(guild.id)).to.equal(recorded);

    const good = await owner.post(`/servers/${guild.id}/plugins/economy`, { dailyAmount: '777' });
    expect(good.status).to.equal(200);
    expect((await container.guildSettings.pluginSettingsOf(guild.id, 'economy')).dailyAmount).to.equal(777);
    const daily = await guild.slash(guild.as.member, 'daily');
    expect(daily.text).to.include('777');
  });

  it('offers the server’s channels and roles in pickers, checked as /plugins config checks them', async () => {
    await container.guildSettings.enablePlugin(guild.id, 'profile', guild.setupBy);
    const form = await owner.get(`/servers/${guild.id}/plugins/profile`);
    expect(form.text).to.match(new RegExp(`<option value="${guild.generalChannelId}"[^>]*>\\s*#general\\s*</option>`));
    expect(form.text).to.match(new RegExp(`<option value="${guild.modRoleId}"[^>]*>\\s*@Moderators\\s*</option>`));
    const everyone = await owner.post(`/servers/${guild.id}/plugins/profile`, {
      birthdayChannelId: guild.generalChannelId,
      birthdayRoleId: guild.id,
    });
    expect(everyone.status).to.equal(400);
    expect(everyone.text).to.include('@everyone cannot be used here');
    expect((await container.guildSettings.pluginSettingsOf(guild.id, 'profile')).birthdayChannelId).to.equal(null);
    const saved = await owner.post(`/servers/${guild.id}/plugins/profile`, {
      birthdayChannelId: guild.generalChannelId,
      birthdayRoleId: guild.modRoleId,
    });
    expect(saved.status).to.equal(200);
    expect(await container.guildSettings.pluginSettingsOf(guild.id, 'profile')).to.include({
      birthdayChannelId: guild.generalChannelId,
      birthdayRoleId: guild.modRoleId,
    });
  });

  it('changes core settings with /config’s rules and messages, and the bot uses the new prefix', async () => {
    const page = await owner.get(`/servers/${guild.id}/config`);
    expect(page.status).to.equal(200);
    const bad = await owner.post(`/servers/${guild.id}/config`, { prefix: 'a b', modRoleId: guild.modRoleId });
    expect(bad.status).to.equal(400);
    expect(bad.text).to.include('A prefix must be 1–5 characters');
    expect((await container.guildSettings.get(guild.id)).config.modRoleId).to.equal(null);
    const everyone = await owner.post(`/servers/${guild.id}/config`, { adminRoleId: guild.id });
    expect(everyone.text).to.include('@everyone cannot be a staff role.');
    const good = await owner.post(`/servers/${guild.id}/config`, {
      prefix: '?',
      modRoleId: guild.modRoleId,
      auditEvents: ['MOD_EVENTS', 'ROLE_EVENTS'],
    });
    expect(good.status).to.equal(200);
    const { config } = await container.guildSettings.get(guild.id);
    expect(config).to.include({ prefix: '?', modRoleId: guild.modRoleId });
    expect(config.auditEvents).to.have.members(['MOD_EVENTS', 'ROLE_EVENTS']);
    expect((await guild.prefix(guild.as.member, '?help')).text).to.match(/command/i);
    const history = await owner.get(`/servers/${guild.id}/changes`);
    expect(history.text).to.include('config.prefix').and.include('config.modRoleId');
  });

  it('grants and removes a permission override, which the bot applies at once', async () => {
    const grant = await owner.post(`/servers/${guild.id}/permissions`, {
      subjectType: 'MEMBER',
      memberId: guild.member.id,
      permission: 'VIEW_SYSTEM_STATUS',
      effect: 'GRANT',
    });
    expect(grant.text).to.include('VIEW_SYSTEM_STATUS granted.');
    expect((await guild.slash(guild.as.member, 'status')).text).to.match(/Shard|Database|Redis/);
    const reset = await owner.post(`/servers/${guild.id}/permissions`, {
      subjectType: 'MEMBER',
      memberId: guild.member.id,
      permission: 'VIEW_SYSTEM_STATUS',
      effect: 'RESET',
    });
    expect(reset.text).to.include('back to the role default');
    expect((await guild.slash(guild.as.member, 'status')).text).to.not.match(/Shard|Database|Redis/);
    const nobody = await owner.post(`/servers/${guild.id}/permissions`, {
      subjectType: 'MEMBER',
      memberId: other.member.id,
      permission: 'VIEW_SYSTEM_STATUS',
      effect: 'GRANT',
    });
    expect(nobody.text).to.include('There is no such member on this server.');
    const targets = (await container.database.getRepository(SettingsChange).findBy({ guildId: guild.id })).map(
      (change) => [change.target, change.after],
    );
    expect(targets).to.deep.include.members([
      [`permission:member:${guild.member.id}.VIEW_SYSTEM_STATUS`, 'GRANT'],
      [`permission:member:${guild.member.id}.VIEW_SYSTEM_STATUS`, null],
    ]);
  });

  it('shows a board publicly while its plugin is on', async () => {
    const anonymous = new DashboardClient(dashboardUrl());
    expect((await anonymous.get(`/leaderboards/${guild.id}/economy`)).status).to.equal(404);
    await container.guildSettings.enablePlugin(guild.id, 'economy', guild.setupBy);
    await guild.slash(guild.as.member, 'daily');
    const board = await anonymous.get(`/leaderboards/${guild.id}/economy`);
    expect(board.status).to.equal(200);
    expect(board.text).to.include(guild.member.username);
    expect((await anonymous.get(`/leaderboards/${guild.id}/nonsense`)).status).to.equal(404);
  });

  describe('security', () => {
    it('another server’s id in the URL or the body is refused with 403 and changes nothing', async () => {
      for (const path of [`/servers/${other.id}`, `/servers/${other.id}/plugins/economy`]) {
        expect((await owner.get(path)).status, path).to.equal(403);
      }
      const inUrl = await owner.post(`/servers/${other.id}/plugins/economy/state`, { enabled: 'true' });
      expect(inUrl.status).to.equal(403);
      const inBody = await owner.post(`/servers/${guild.id}/plugins/economy/state`, {
        enabled: 'true',
        guildId: other.id,
      });
      expect(inBody.status).to.equal(403);
      expect(await container.guildSettings.isEnabled(other.id, 'economy')).to.equal(false);
      expect(await container.guildSettings.isEnabled(guild.id, 'economy')).to.equal(false);
      expect(await changesIn(other.id)).to.equal(0);
      // An id that names no server at all reads the same.
      expect((await owner.get('/servers/12345678901234567890')).status).to.equal(403);
    });

    it('a change without the CSRF token, or with a forged one, is refused', async () => {
      const missing = await owner.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'true', _csrf: null });
      expect(missing.status).to.equal(403);
      const forged = await owner.post(`/servers/${guild.id}/plugins/economy/state`, {
        enabled: 'true',
        _csrf: 'x'.repeat(32),
      });
      expect(forged.status).to.equal(403);
      const otherSession = new DashboardClient(dashboardUrl());
      await otherSession.login(other.owner.id);
      const stolen = await owner.post(`/servers/${guild.id}/plugins/economy/state`, {
        enabled: 'true',
        _csrf: otherSession.csrf,
      });
      expect(stolen.status).to.equal(403);
      const crossSite = await owner.request(`/servers/${guild.id}/plugins/economy/state`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: new URLSearchParams({ _csrf: owner.csrf, enabled: 'true' }).toString(),
      });
      expect(crossSite.status).to.equal(403);
      expect(await container.guildSettings.isEnabled(guild.id, 'economy')).to.equal(false);
    });

    it('a user who loses Manage Server is refused at once', async () => {
      const role = h.emu.createRole(guild.id, { name: 'Managers', permissions: PermissionFlagsBits.ManageGuild });
      h.emu.setMemberRoles(guild.id, guild.member.id, [role.id]);
      await eventually(
        () =>
          container.client.guilds.cache.get(guild.id)?.members.cache.get(guild.member.id)?.roles.cache.has(role.id) ??
          false,
        'the bot to see the new role',
      );
      const manager = new DashboardClient(dashboardUrl());
      await manager.login(guild.member.id);
      expect((await manager.get(`/servers/${guild.id}`)).status).to.equal(200);
      h.emu.setMemberRoles(guild.id, guild.member.id, []);
      await eventually(
        () =>
          !container.client.guilds.cache.get(guild.id)?.members.cache.get(guild.member.id)?.roles.cache.has(role.id),
        'the bot to see the role removed',
      );
      expect((await manager.get(`/servers/${guild.id}`)).status).to.equal(403);
      const change = await manager.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'true' });
      expect(change.status).to.equal(403);
      expect(await container.guildSettings.isEnabled(guild.id, 'economy')).to.equal(false);
    });

    it('a non-member sees nothing of the server, and a visitor without a session is sent to log in', async () => {
      const outsider = new DashboardClient(dashboardUrl());
      await outsider.login(other.member.id);
      const home = await outsider.get('/');
      expect(home.text).to.not.include(guild.id);
      const page = await outsider.get(`/servers/${guild.id}`);
      expect(page.status).to.equal(403);
      expect(page.text).to.not.include(guild.owner.username);
      const anonymous = new DashboardClient(dashboardUrl());
      const redirect = await anonymous.get(`/servers/${guild.id}`);
      expect(redirect.status).to.equal(303);
      expect(redirect.location).to.match(/^\/login/);
      expect((await anonymous.post(`/servers/${guild.id}/plugins/economy/state`, { enabled: 'true' })).status).to.equal(
        403,
      );
    });

    it('answers only under its own host name, sending other hosts there', async () => {
      const url = new URL(dashboardUrl());
      const byAddress = await fetch(`http://127.0.0.1:${url.port}/servers/${guild.id}`, { redirect: 'manual' });
      expect(byAddress.status).to.equal(308);
      expect(byAddress.headers.get('location')).to.equal(`${dashboardUrl()}/servers/${guild.id}`);
      const page = await owner.request(`/servers/${guild.id}`);
      expect(page.headers.get('content-security-policy')).to.include("frame-ancestors 'none'");
      expect(page.headers.get('access-control-allow-origin')).to.not.equal('*');
    });

    it('logging out ends the session', async () => {
      const out = await owner.post('/logout');
      expect(out.status).to.equal(303);
      expect((await owner.get(`/servers/${guild.id}`)).status).to.equal(303);
    });
  });
});
