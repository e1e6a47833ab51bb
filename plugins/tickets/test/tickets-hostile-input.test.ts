import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType } from 'discord-api-types/v10';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { Ticket } from '../entities/Ticket';
import { TicketIds } from '../ids';
import tickets from '../index';

/** Regression tests of issue 14's hostile input in tickets: text PostgreSQL refuses. */
describe('tickets with hostile input', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['ticket'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    const supportRole = h.emu.createRole(guild.id, { name: 'Support' });
    const categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
    await container.guildSettings.updateConfig(
      guild.id,
      'g',
      {
        supportRoleId: supportRole.id,
        supportCategoryId: categoryId,
      },
      guild.setupBy,
    );
    await container.guildSettings.enablePlugin(guild.id, tickets.name, guild.setupBy);
    await tickets.setSetting(guild.id, 'cooldownSeconds', 0, guild.setupBy);
  });

  it('opens the ticket when its modal fields hold U+0000, storing them without it', async () => {
    const command = await guild.as.member.slash(guild.generalChannelId, 'ticket', { subcommand: 'open' });
    expect((await command.modal()).custom_id).to.equal(TicketIds.openModal);
    const submitted = await guild.as.member.submitModal(command, TicketIds.openModal, {
      title: 'Print\u0000er',
      description: 'On\u0000 fire',
    });
    expect((await submitted.reply()).content).to.match(/^Your ticket is open: <#\d+>$/);
    const [ticket] = await container.database.getRepository(Ticket).find({ where: { guildId: guild.id } });
    expect(ticket).to.include({ title: 'Printer' });
  });
  it('a page number beyond the queue shows its last page, from /support queue and !support queue', async () => {
    const command = await guild.as.member.slash(guild.generalChannelId, 'ticket', { subcommand: 'open' });
    await command.modal();
    await (
      await guild.as.member.submitModal(command, TicketIds.openModal, { title: 'Help', description: 'x' })
    ).reply();
    const page = (await h.emu.world
      .commands()
      .find((c) => c.name === 'support')!
      .options!.find((o) => o.name === 'queue')) as {
      options: { name: string; max_value?: number }[];
    };
    expect(page.options.find((option) => option.name === 'page')).to.include({ max_value: 100_000 });
    const slash = await guild.slash(guild.as.owner, 'support', 'queue', { page: 100_000 });
    const prefix = await guild.prefix(guild.as.owner, '!support queue 999999999999999999999');
    for (const reply of [slash, prefix]) {
      expect(reply.text).to.include('Support queue: 1 waiting').and.include('Help');
      expect(reply.reply.embeds[0]!.footer?.text).to.equal('Page 1 of 1');
    }
  });
  it('!support without a subcommand, or with one it does not know, answers with the usage', async () => {
    for (const text of ['!support', '!support bogus']) {
      const reply = await guild.prefix(guild.as.owner, text);
      expect(reply.text, text).to.equal(
        '`!support` needs a subcommand. Usage: `!support agent add <member>` · `!support agent remove <member>` · `!support agent list` · `!support queue`',
      );
    }
  });
});
