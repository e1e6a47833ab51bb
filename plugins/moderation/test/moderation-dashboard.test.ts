import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { DashboardClient, dashboardUrl } from '#test/helpers/dashboard';
import { eachTestInGuildWith, type TestGuild } from '#test/helpers/e2e';
import moderation from '../index';

describe('moderation: the cases page of the dashboard', function () {
  this.timeout(30_000);
  let guild: TestGuild;
  eachTestInGuildWith(moderation.name, (fixture) => ({ guild } = fixture));

  it('lists the server’s cases for staff with VIEW_AUDIT_LOGS only, and only while moderation is on', async () => {
    const warned = await guild.slash(guild.as.owner, 'warn', undefined, {
      member: guild.member.id,
      reason: 'Spamming <links>',
    });
    expect(warned.text).to.match(/case #1/);
    const owner = new DashboardClient(dashboardUrl());
    await owner.login(guild.owner.id);
    const page = await owner.get(`/servers/${guild.id}/moderation/cases`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('#1').and.include('Spamming &lt;links&gt;').and.include(guild.member.username);

    // A moderator by the role mapping holds VIEW_AUDIT_LOGS without Manage Server: the page opens for them.
    await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
    const moderator = new DashboardClient(dashboardUrl());
    await moderator.login(guild.moderator.id);
    expect((await moderator.get(`/servers/${guild.id}/moderation/cases`)).status).to.equal(200);
    expect((await moderator.get(`/servers/${guild.id}`)).status).to.equal(403);
    const member = new DashboardClient(dashboardUrl());
    await member.login(guild.member.id);
    expect((await member.get(`/servers/${guild.id}/moderation/cases`)).status).to.equal(403);

    await container.guildSettings.disablePlugin(guild.id, moderation.name, guild.setupBy);
    expect((await owner.get(`/servers/${guild.id}/moderation/cases`)).status).to.equal(404);
    expect((await owner.get(`/servers/${guild.id}`)).text).to.not.include('/moderation/cases');
  });
});
