import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, type APIMessage } from 'discord-api-types/v10';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import type { KbAnswerRatedEvent } from '../events';
import kb from '../index';

/** The tickets plugin, enabled by name: the KB never imports it, it only hears its events. */
const TICKETS = 'tickets';

describe('kb suggestions in ticket and help channels', function () {
  this.timeout(60_000);
  let h: Harness;
  let guild: TestGuild;
  let rated: KbAnswerRatedEvent[];
  const record = (event: KbAnswerRatedEvent) => rated.push(event);

  before(async () => {
    h = await harness();
    container.client.on('kbAnswerRated', record);
  });

  after(() => {
    container.client.off('kbAnswerRated', record);
  });

  beforeEach(async () => {
    rated = [];
    guild = await createTestGuild(h.emu);
    const categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
    await container.guildSettings.updateConfig(
      guild.id,
      'g',
      {
        supportCategoryId: categoryId,
        modRoleId: guild.modRoleId,
      },
      guild.setupBy,
    );
    await container.guildSettings.enablePlugin(guild.id, TICKETS, guild.setupBy);
    await container.guildSettings.setPluginSetting(guild.id, TICKETS, 'cooldownSeconds', '0', guild.setupBy);
    await container.guildSettings.enablePlugin(guild.id, kb.name, guild.setupBy);
    await container.kb.add(
      guild.id,
      { title: 'Printer offline', content: 'Turn it off and on again.', category: 'hardware', tags: ['printer'] },
      guild.owner.id,
    );
  });

  const suggestionIn = (channelId: string) =>
    h.emu.waitForMessage({
      channelId,
      predicate: (message) => message.content.startsWith('This entry of the knowledge base'),
    });

  /** The buttons of a suggestion, by label. */
  const buttonId = (message: APIMessage, label: string) =>
    (message.components![0] as unknown as { components: { custom_id: string; label: string }[] }).components.find(
      (button) => button.label === label,
    )!.custom_id;

  async function openTicket(): Promise<string> {
    const command = await guild.as.member.slash(guild.generalChannelId, 'ticket', { subcommand: 'open' });
    const modal = await command.modal();
    const submitted = await guild.as.member.submitModal(command, modal.custom_id, {
      title: 'Printing',
      description: 'It will not print',
    });
    const channelId = /<#(\d+)>/.exec((await submitted.reply()).content)![1]!;
    await eventually(
      async () =>
        (await container.database.query('SELECT 1 FROM kb_ticket_channel WHERE channel_id = $1', [channelId]))
          .length === 1,
      'the KB to learn the ticket channel',
    );
    return channelId;
  }

  it('suggests a matching entry once per ticket, and its buttons rate it and emit kbAnswerRated', async () => {
    const channelId = await openTicket();
    const [{ id: ticketId }] = await container.database.query<{ id: number }[]>(
      'SELECT ticket_id AS id FROM kb_ticket_channel WHERE channel_id = $1',
      [channelId],
    );
    await guild.as.member.say(channelId, 'Help, my printer is offline since this morning');
    const suggestion = await suggestionIn(channelId);
    expect(suggestion.embeds[0]!.title).to.equal('Printer offline');
    expect(suggestion.message_reference?.message_id).to.not.equal(undefined);

    const helped = await guild.as.member.clickButton(suggestion, buttonId(suggestion, 'This helped'));
    expect((await helped.reply()).content).to.equal('Glad it helped! The entry is now ★ 5.00 (1).');
    expect(helped.ephemeral).to.equal(true);
    const notHelpful = await guild.as.moderator.clickButton(suggestion, buttonId(suggestion, 'Not helpful'));
    expect((await notHelpful.reply()).content).to.equal('Thanks, noted. The entry is now ★ 3.00 (2).');
    const entryId = (await container.kb.resolve(guild.id, 'Printer offline')).id;
    await eventually(() => rated.length === 2, 'two kbAnswerRated events');
    expect(rated).to.deep.equal([
      { guildId: guild.id, entryId, userId: guild.member.id, authorId: guild.owner.id, helpful: true, ticketId },
      { guildId: guild.id, entryId, userId: guild.moderator.id, authorId: guild.owner.id, helpful: false, ticketId },
    ]);

    // The same question again in this ticket gets no second suggestion of the entry.
    const mark = h.emu.mark();
    await guild.as.member.say(channelId, 'The printer is still offline, any idea?');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.emu.messagesSince(mark).filter((message) => message.content.startsWith('This entry'))).to.deep.equal([]);
    const rows = await container.database.query('SELECT 1 FROM kb_suggestion WHERE guild_id = $1', [guild.id]);
    expect(rows).to.have.length(1);
  });

  it('suggests in configured help channels only, and forgets a ticket channel when the ticket closes', async () => {
    const help = h.emu.createChannel(guild.id, { name: 'help' });
    await kb.setSetting(guild.id, 'helpChannelIds', [help.id], guild.setupBy);
    await guild.as.member.say(help.id, 'why is the printer offline again');
    const suggestion = await suggestionIn(help.id);
    await guild.as.member.clickButton(suggestion, buttonId(suggestion, 'This helped'));
    await eventually(() => rated.length === 1, 'a kbAnswerRated event');
    expect(rated[0]).to.not.have.property('ticketId');

    const mark = h.emu.mark();
    await guild.as.member.say(guild.generalChannelId, 'why is the printer offline again');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.emu.messagesSince(mark).filter((message) => message.content.startsWith('This entry'))).to.deep.equal([]);

    const channelId = await openTicket();
    const close = await guild.as.owner.slash(channelId, 'ticket', { subcommand: 'close' });
    await close.reply();
    await eventually(
      async () =>
        (await container.database.query('SELECT 1 FROM kb_ticket_channel WHERE channel_id = $1', [channelId]))
          .length === 0,
      'the KB to forget the closed ticket',
    );
  });

  it('answers nobody, quietly, when the question is deleted before its suggestion is posted', async () => {
    const help = h.emu.createChannel(guild.id, { name: 'help' });
    await kb.setSetting(guild.id, 'helpChannelIds', [help.id], guild.setupBy);
    const errors: unknown[] = [];
    const error = container.logger.error.bind(container.logger);
    container.logger.error = (...values: unknown[]) => void errors.push(values);
    const posts = h.emu.requests.length;
    try {
      const question = await guild.as.member.say(help.id, 'why is the printer offline again');
      await guild.as.member.delete(question);
      await eventually(
        () =>
          h.emu.requests
            .slice(posts)
            .some((request) => request.method === 'POST' && request.path === `/channels/${help.id}/messages`),
        'the bot to try to post its suggestion',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      container.logger.error = error;
    }
    expect(errors).to.deep.equal([]);
    const rows = await container.database.query('SELECT 1 FROM kb_suggestion WHERE channel_id = $1', [help.id]);
    expect(rows, 'the suggestion is withdrawn').to.deep.equal([]);
  });

  it('makes no suggestion in tickets when suggestInTickets is off', async () => {
    await kb.setSetting(guild.id, 'suggestInTickets', false, guild.setupBy);
    const channelId = await openTicket();
    const mark = h.emu.mark();
    await guild.as.member.say(channelId, 'Help, my printer is offline since this morning');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.emu.messagesSince(mark).filter((message) => message.content.startsWith('This entry'))).to.deep.equal([]);
  });
});
