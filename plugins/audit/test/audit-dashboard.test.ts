import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { DashboardClient, dashboardUrl } from '#test/helpers/dashboard';
import { harness, type Harness } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import audit from '../index';
import { storedRows, auditGuild, type AuditGuild } from './helpers';

describe('audit: the search page of the dashboard', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: AuditGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await auditGuild(h);
  });

  it('finds stored events by category and member for staff with VIEW_AUDIT_LOGS, and refuses a member', async () => {
    const newcomer = h.emu.createUser({ username: 'dashboard-newcomer' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    await eventually(
      async () => (await storedRows(guild.id)).some((row) => row.targetId === newcomer.id),
      'the join stored',
    );

    const owner = new DashboardClient(dashboardUrl());
    await owner.login(guild.owner.id);
    const found = await owner.get(`/servers/${guild.id}/audit?category=MEMBER_EVENTS&member=${newcomer.id}`);
    expect(found.status).to.equal(200);
    expect(found.text).to.include('MEMBER_EVENTS').and.include('dashboard-newcomer');
    const none = await owner.get(`/servers/${guild.id}/audit?category=VOICE_EVENTS&member=${newcomer.id}`);
    expect(none.text).to.include('No event matches.');

    const member = new DashboardClient(dashboardUrl());
    await member.login(guild.member.id);
    expect((await member.get(`/servers/${guild.id}/audit`)).status).to.equal(403);

    await container.guildSettings.disablePlugin(guild.id, audit.name, guild.setupBy);
    expect((await owner.get(`/servers/${guild.id}/audit`)).status).to.equal(404);
  });
});
