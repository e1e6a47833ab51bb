import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType } from 'discord-api-types/v10';
import { DashboardClient, dashboardUrl } from '#test/helpers/dashboard';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { TicketIds } from '../ids';
import tickets from '../index';

describe('tickets: staff pages of the dashboard', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    const categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
    await container.guildSettings.updateConfig(guild.id, 'g', { supportCategoryId: categoryId }, guild.setupBy);
    await container.guildSettings.enablePlugin(guild.id, tickets.name, guild.setupBy);
  });

  it('lists the tickets and shows a transcript to staff, and nothing to a member without VIEW_ALL_TICKETS', async () => {
    const open = await guild.as.member.slash(guild.generalChannelId, 'ticket', { subcommand: 'open' });
    await open.modal();
    const submitted = await guild.as.member.submitModal(open, TicketIds.openModal, {
      title: 'Printer <b>broken</b>',
      description: 'It smokes.',
    });
    const channelId = /<#(\d+)>/.exec((await submitted.reply()).content)![1]!;
    await guild.as.member.say(channelId, 'Any news about the printer?');
    await eventually(async () => (await container.tickets.repository.byNumber(guild.id, 1)) !== null, 'the ticket');

    const owner = new DashboardClient(dashboardUrl());
    await owner.login(guild.owner.id);
    const list = await owner.get(`/servers/${guild.id}/tickets`);
    expect(list.status).to.equal(200);
    // Escaped: a title is never markup.
    expect(list.text).to.include('Printer &lt;b&gt;broken&lt;/b&gt;');
    expect(list.text).to.include(`/servers/${guild.id}/tickets/1`);
    expect((await owner.get(`/servers/${guild.id}`)).text).to.include(`href="/servers/${guild.id}/tickets"`);
    const transcript = await owner.request(`/servers/${guild.id}/tickets/1`);
    expect(transcript.status).to.equal(200);
    expect(transcript.headers.get('content-security-policy')).to.include('sandbox');
    await eventually(
      async () => (await (await owner.request(`/servers/${guild.id}/tickets/1`)).text()).includes('Any news about'),
      'the message in the transcript',
    );
    expect((await owner.get(`/servers/${guild.id}/tickets/99`)).status).to.equal(404);

    const member = new DashboardClient(dashboardUrl());
    await member.login(guild.member.id);
    expect((await member.get(`/servers/${guild.id}/tickets`)).status).to.equal(403);
    expect((await member.get(`/servers/${guild.id}/tickets/1`)).status).to.equal(403);

    await container.guildSettings.disablePlugin(guild.id, tickets.name, guild.setupBy);
    const off = await owner.get(`/servers/${guild.id}/tickets`);
    expect(off.status).to.equal(404);
    expect(off.text).to.include('The tickets plugin is off on this server.');
  });
});
