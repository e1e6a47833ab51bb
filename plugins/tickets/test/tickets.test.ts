import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, OverwriteType, PermissionFlagsBits, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { createTestGuild, harness, textOf, type Harness, type TestGuild } from '#test/helpers/e2e';
import { loseRedis, queuedJobs } from '#test/helpers/redisLoss';
import { eventually } from '#test/helpers/wait';
import type { Actor } from '#emulator';
import { deleteChannel } from '#emulator/ops/channels';
import { Ticket, TicketStatus } from '../entities/Ticket';
import { TicketMessage } from '../entities/TicketMessage';
import { TicketIds } from '../ids';
import tickets from '../index';

describe('tickets plugin end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let agent: APIUser;
  let other: APIUser;
  let as: { agent: Actor; other: Actor } & TestGuild['as'];
  let supportRoleId: string;
  let categoryId: string;
  let logChannelId: string;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['ticket', 'support'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    const supportRole = h.emu.createRole(guild.id, { name: 'Support' });
    supportRoleId = supportRole.id;
    agent = h.emu.createUser({ username: `agent-${guild.id.slice(-4)}` });
    other = h.emu.createUser({ username: `other-${guild.id.slice(-4)}` });
    h.emu.addMember(guild.id, agent.id, { roles: [supportRoleId] });
    h.emu.addMember(guild.id, other.id);
    categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
    logChannelId = h.emu.createChannel(guild.id, { name: 'ticket-log' }).id;
    await eventually(
      () => container.client.guilds.cache.get(guild.id)?.members.cache.has(other.id) ?? false,
      'the bot to see the new members',
    );
    await container.guildSettings.updateConfig(
      guild.id,
      'g',
      {
        supportRoleId,
        supportCategoryId: categoryId,
        ticketLogChannelId: logChannelId,
        modRoleId: guild.modRoleId,
      },
      guild.setupBy,
    );
    await container.guildSettings.enablePlugin(guild.id, tickets.name, guild.setupBy);
    await setting('cooldownSeconds', '0');
    as = { ...guild.as, agent: h.emu.actor(agent.id), other: h.emu.actor(other.id) };
  });

  const setting = (key: string, value: string) =>
    container.guildSettings.setPluginSetting(guild.id, tickets.name, key, value, guild.setupBy);
  const ticketsOf = (userId: string) =>
    container.database.getRepository(Ticket).find({ where: { guildId: guild.id, userId }, order: { id: 'ASC' } });

  /** Posts a panel in #general as the owner and returns its message. */
  async function postPanel(): Promise<APIMessage> {
    const posted = await guild.slash(guild.as.owner, 'ticket', 'panel');
    expect(posted.text).to.match(/Ticket panel posted in/);
    expect(posted.ephemeral).to.equal(true);
    return h.emu.world
      .messages(guild.generalChannelId)
      .find((message) => message.components?.length && textOf(message).includes('Need help?'))!;
  }

  /** Opens a ticket through the panel's button and modal; returns the reply and the ticket channel id. */
  async function openThroughPanel(actor: Actor, panel: APIMessage, title = 'Printer on fire') {
    const click = await actor.clickButton(panel, TicketIds.openButton);
    expect((await click.modal()).custom_id).to.equal(TicketIds.openModal);
    const submitted = await actor.submitModal(click, TicketIds.openModal, {
      title,
      description: 'It started smoking after the update.',
    });
    const reply = await submitted.reply();
    const channelId = /<#(\d+)>/.exec(reply.content)?.[1];
    return { reply, channelId };
  }

  async function openTicket(actor: Actor = as.member) {
    const { channelId, reply } = await openThroughPanel(actor, await postPanel());
    if (!channelId) throw new Error(`no ticket opened: ${reply.content}`);
    return channelId;
  }

  it('opens a private ticket-0001 channel in the support category from the panel, visible to opener, support and bot only', async () => {
    const opened = new Promise((resolve) => container.client.once('ticketOpened', resolve));
    const panel = await postPanel();
    const { reply, channelId } = await openThroughPanel(as.member, panel);
    expect(reply.content).to.match(/^Your ticket is open: <#\d+>$/);
    const channel = h.emu.world.channel(channelId!)!;
    expect(channel.name).to.equal('ticket-0001');
    expect(channel.parentId).to.equal(categoryId);
    const overwrite = (id: string) => channel.permissionOverwrites.find((entry) => entry.id === id);
    expect(BigInt(overwrite(guild.id)!.deny) & PermissionFlagsBits.ViewChannel).to.equal(
      PermissionFlagsBits.ViewChannel,
    );
    expect(overwrite(guild.member.id)!.type).to.equal(OverwriteType.Member);
    expect(overwrite(supportRoleId)!.type).to.equal(OverwriteType.Role);
    expect(overwrite(guild.modRoleId)!.type).to.equal(OverwriteType.Role); // moderators handle escalations
    // Another member can neither read nor write there; the opener and an agent can.
    await expectRejected(as.other.say(channelId!, 'let me in'));
    await as.member.say(channelId!, 'hello?');
    await as.agent.say(channelId!, 'on it');
    const welcome = h.emu.world.messages(channelId!)[0]!;
    expect(textOf(welcome)).to.include('Printer on fire');
    const logged = await h.emu.waitForMessage({ channelId: logChannelId, since: 0 });
    expect(textOf(logged)).to.match(/Ticket #0001 opened/);
    expect(await opened).to.include({
      guildId: guild.id,
      number: 1,
      openerId: guild.member.id,
      title: 'Printer on fire',
    });
    const [ticket] = await ticketsOf(guild.member.id);
    expect(ticket).to.include({ status: TicketStatus.OPEN, channelId, title: 'Printer on fire' });
  });

  it('opens a ticket with /ticket open and its modal', async () => {
    const command = await as.member.slash(guild.generalChannelId, 'ticket', { subcommand: 'open' });
    expect((await command.modal()).custom_id).to.equal(TicketIds.openModal);
    const submitted = await as.member.submitModal(command, TicketIds.openModal, {
      title: 'Slash',
      description: 'Via /',
    });
    const channelId = /<#(\d+)>/.exec((await submitted.reply()).content)![1]!;
    expect(submitted.ephemeral).to.equal(true);
    expect(h.emu.world.channel(channelId)).to.include({ name: 'ticket-0001', parentId: categoryId });
  });

  it('refuses a second open ticket before asking for details, naming the first, and changes nothing', async () => {
    const first = await openTicket();
    const click = await as.member.clickButton(await postPanel(), TicketIds.openButton);
    expect((await click.reply()).content).to.equal(
      `You already have an open ticket: <#${first}>. Please continue there.`,
    );
    expect(click.ephemeral).to.equal(true);
    const slash = await guild.slash(as.member, 'ticket', 'open');
    expect(slash.text).to.equal(`You already have an open ticket: <#${first}>. Please continue there.`);
    expect(await ticketsOf(guild.member.id)).to.have.length(1);
  });

  it('opens exactly one ticket when the button is double-clicked and both modals are submitted at once', async () => {
    const panel = await postPanel();
    const clicks = await Promise.all([
      as.member.clickButton(panel, TicketIds.openButton),
      as.member.clickButton(panel, TicketIds.openButton),
    ]);
    await Promise.all(clicks.map((click) => click.modal()));
    const submitted = await Promise.all(
      clicks.map((click) => as.member.submitModal(click, TicketIds.openModal, { title: 'Twice', description: 'x' })),
    );
    const replies = await Promise.all(submitted.map((handle) => handle.reply()));
    const contents = replies.map((reply) => reply.content).sort();
    expect(contents[0]).to.match(/^You already have an open ticket/);
    expect(contents[1]).to.match(/^Your ticket is open/);
    expect(await ticketsOf(guild.member.id)).to.have.length(1);
  });

  /** The text of a message's attached files (the transcript). */
  function attachmentText(message: APIMessage): string {
    const record = h.emu.world.findMessage(message.id)!;
    return [...record.files.values()].map((file) => file.data.toString('utf8')).join('\n');
  }

  /** Runs a slash command inside a channel (the ticket) and waits for the visible reply. */
  async function slashIn(actor: Actor, channelId: string, subcommand: string, options: Record<string, string> = {}) {
    const handle = await actor.slash(channelId, 'ticket', { subcommand, options });
    const reply = await handle.reply();
    return { text: textOf(reply), ephemeral: handle.ephemeral, reply };
  }

  it('walks a ticket from claim to a closed transcript with an embed, an internal note, a DM and a rating', async () => {
    await setting('deleteChannelAfterSeconds', '1');
    const channelId = await openTicket();
    const claimedEvent = new Promise((resolve) => container.client.once('ticketClaimed', resolve));
    const closedEvent = new Promise((resolve) => container.client.once('ticketClosed', resolve));

    // A member cannot claim; the agent claims with the button on the ticket's first message.
    expect((await slashIn(as.member, channelId, 'claim')).text).to.match(/need the \*\*PROVIDE_SUPPORT\*\* permission/);
    const welcome = h.emu.world.messages(channelId)[0]!;
    const claim = await as.agent.clickButton(welcome, TicketIds.claimButton);
    expect(textOf(await claim.reply())).to.match(/claimed ticket #0001/);
    expect(await claimedEvent).to.include({ agentId: agent.id, number: 1 });
    expect((await slashIn(as.agent, channelId, 'claim')).text).to.equal('You already handle Ticket #0001.');

    await as.member.say(channelId, 'Here is a photo', {
      attachments: [{ name: 'smoke.png', data: 'png', contentType: 'image/png' }],
    });
    await as.agent.say(channelId, 'Unplug it <script>alert(1)</script>');
    await eventually(async () => (await ticketsOf(guild.member.id))[0]!.firstResponseAt !== null, 'the first response');

    // Internal note: refused to the member, stored for staff, never shown in the ticket.
    expect((await slashIn(as.member, channelId, 'note', { text: 'sneaky' })).text).to.match(/PROVIDE_SUPPORT/);
    const note = await slashIn(as.agent, channelId, 'note', { text: 'Customer seems annoyed' });
    expect(note).to.include({ ephemeral: true, text: 'Internal note saved (staff only).' });
    expect(
      h.emu.world
        .messages(channelId)
        .map((message) => message.content)
        .join('\n'),
    ).not.to.include('annoyed');

    expect((await slashIn(as.agent, channelId, 'priority', { level: 'urgent' })).text).to.match(
      /set to \*\*urgent\*\*/,
    );
    const escalated = await slashIn(as.moderator, channelId, 'escalate', { reason: 'needs a refund' });
    expect(escalated.text).to.match(/escalated/);

    const closing = await slashIn(as.agent, channelId, 'close', { reason: 'fixed' });
    expect(closing.text).to.equal('Ticket #0001 closed.');
    expect(await closedEvent).to.include({ reason: 'fixed', actorId: agent.id });
    const [ticket] = await ticketsOf(guild.member.id);
    expect(ticket).to.include({
      status: TicketStatus.CLOSED,
      closeReason: 'fixed',
      assignedTo: agent.id,
      isEscalated: true,
    });
    expect(ticket!.priority).to.equal(3);

    // Staff transcript in the log channel: the embed, the attachment link, the note, and escaped text.
    const logged = await h.emu.waitForMessage({
      channelId: logChannelId,
      since: 0,
      predicate: (message) => message.attachments.length > 0,
    });
    expect(textOf(logged)).to.match(/Ticket #0001 closed/);
    const staffHtml = attachmentText(logged);
    expect(staffHtml).to.include('Ticket #0001: Printer on fire'); // the bot's welcome embed
    expect(staffHtml).to.include('smoke.png');
    expect(staffHtml).to.include(`<img src="data:image/png;base64,${Buffer.from('png').toString('base64')}"`);
    expect(staffHtml).to.include('Customer seems annoyed');
    expect(staffHtml).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(staffHtml).not.to.include('<script>');

    // The opener's DM: the transcript without internal notes, and rating buttons.
    const dmChannelId = h.emu.world.dmChannelByUser.get(guild.member.id)!;
    const dm = await h.emu.waitForMessage({ channelId: dmChannelId, since: 0 });
    expect(dm.content).to.match(/ticket #0001 .* was closed: fixed/);
    expect(attachmentText(dm)).not.to.include('annoyed');
    const rate = await as.member.clickButton(dm, `${TicketIds.ratePrefix}${ticket!.id}:4`);
    await rate.modal();
    const rated = await as.member.submitModal(rate, `${TicketIds.feedbackModalPrefix}${ticket!.id}:4`, {
      comment: 'quick, thanks',
    });
    expect((await rated.reply()).content).to.match(/^Thank you for your feedback/);
    expect((await ticketsOf(guild.member.id))[0]).to.include({ rating: 4, feedback: 'quick, thanks' });

    // Closing again is refused with the reason; the channel goes after the delay.
    expect((await slashIn(as.agent, channelId, 'close')).text).to.equal('Ticket #0001 is already closed.');
    await eventually(() => h.emu.world.channel(channelId) === undefined, 'the ticket channel to be deleted', 8_000);
    const stored = await container.database.getRepository(TicketMessage).find({ where: { ticketId: ticket!.id } });
    expect(stored.filter((message) => message.isInternal).map((message) => message.content)).to.deep.equal([
      'Customer seems annoyed',
    ]);
    expect(stored.find((message) => message.content === 'Here is a photo')!.attachments[0]!.name).to.equal('smoke.png');
  });

  it('asks the opener to confirm closing their own ticket, then closes it', async () => {
    const channelId = await openTicket();
    const asked = await slashIn(as.member, channelId, 'close');
    expect(asked.text).to.match(/^Close your ticket\?/);
    expect((await ticketsOf(guild.member.id))[0]!.status).to.equal(TicketStatus.OPEN);
    const confirm = await as.member.clickButton(asked.reply, TicketIds.closeConfirmButton);
    expect((await confirm.reply()).content).to.equal('Ticket #0001 closed.');
    expect((await ticketsOf(guild.member.id))[0]!.status).to.equal(TicketStatus.CLOSED);
  });

  it('closes from the Close button for staff, refuses other members, and survives closed DMs', async () => {
    h.emu.setDmsClosed(guild.member.id, true);
    const channelId = await openTicket();
    const welcome = h.emu.world.messages(channelId)[0]!;
    await as.agent.say(channelId, '!ticket add <@' + other.id + '>');
    await h.emu.waitForMessage({ channelId, predicate: (message) => /can now see this ticket/.test(message.content) });
    const refused = await as.other.clickButton(welcome, TicketIds.closeButton);
    expect((await refused.reply()).content).to.equal(
      'Only the opener or staff with **CLOSE_TICKET** can close this ticket.',
    );
    const closed = await as.agent.clickButton(welcome, TicketIds.closeButton);
    expect((await closed.reply()).content).to.equal('Ticket #0001 closed.');
    expect((await ticketsOf(guild.member.id))[0]!.status).to.equal(TicketStatus.CLOSED);
    const transcript = await h.emu.waitForMessage({
      channelId: logChannelId,
      since: 0,
      predicate: (message) => message.attachments.some((file) => file.filename === 'ticket-0001.html'),
    });
    expect(textOf(transcript)).to.match(/Ticket #0001 closed/);
  });

  it('makes a member wait out the cooldown before opening another ticket', async () => {
    await setting('cooldownSeconds', '600');
    const channelId = await openTicket();
    await slashIn(as.agent, channelId, 'close');
    const { reply } = await openThroughPanel(as.member, await postPanel(), 'Again');
    expect(reply.content).to.match(/^You opened a ticket moments ago\. You can open another <t:\d+:R>\.$/);
    expect(await ticketsOf(guild.member.id)).to.have.length(1);
  });

  it('moves through resolved and reopen, and refuses moves the state machine forbids', async () => {
    const channelId = await openTicket();
    expect((await slashIn(as.agent, channelId, 'unclaim')).text).to.equal('Ticket #0001 is not claimed.');
    expect((await slashIn(as.agent, channelId, 'resolve')).text).to.match(/marked resolved/);
    expect((await slashIn(as.agent, channelId, 'claim')).text).to.equal(
      'Ticket #0001 is resolved; reopen it before you claim it.',
    );
    expect((await slashIn(as.member, channelId, 'reopen')).text).to.equal('Ticket #0001 is open again.');
    expect((await slashIn(as.agent, channelId, 'claim')).text).to.match(/claimed/);
    expect((await slashIn(as.agent, channelId, 'unclaim')).text).to.match(/back in the queue/);
    expect((await slashIn(as.moderator, channelId, 'escalate')).text).to.match(/escalated/);
    expect((await slashIn(as.moderator, channelId, 'escalate')).text).to.equal(
      'Ticket #0001 is escalated, so it cannot be escalated.',
    );
    expect((await ticketsOf(guild.member.id))[0]).to.include({ status: TicketStatus.ESCALATED, isEscalated: true });
    expect((await slashIn(as.member, guild.generalChannelId, 'claim')).text).to.match(/PROVIDE_SUPPORT/);
    expect((await slashIn(as.agent, guild.generalChannelId, 'claim')).text).to.equal(
      'This is not a ticket channel. Run the command inside the ticket.',
    );
  });

  it('pings the escalation role, assigns to active agents only, and adds and removes members', async () => {
    const escalation = h.emu.createRole(guild.id, { name: 'Escalations' });
    await setting('escalationRoleId', escalation.id);
    const channelId = await openTicket();
    const escalatedEvent = new Promise((resolve) => container.client.once('ticketEscalated', resolve));
    await slashIn(as.moderator, channelId, 'escalate', { reason: 'angry' });
    const ping = await h.emu.waitForMessage({
      channelId,
      predicate: (message) => /escalated by/.test(message.content),
    });
    expect(ping.content).to.include(`<@&${escalation.id}>`);
    const roleOverwrite = h.emu.world
      .channel(channelId)!
      .permissionOverwrites.find((entry) => entry.id === escalation.id);
    expect(BigInt(roleOverwrite!.allow) & PermissionFlagsBits.ViewChannel).to.equal(PermissionFlagsBits.ViewChannel);
    expect(await escalatedEvent).to.include({ reason: 'angry' });

    expect((await slashIn(as.moderator, channelId, 'assign', { agent: other.id })).text).to.match(
      /is not an active support agent/,
    );
    expect((await slashIn(as.member, channelId, 'assign', { agent: agent.id })).text).to.match(/ASSIGN_TICKET/);
    const added = await as.owner.slash(guild.generalChannelId, 'support', {
      group: 'agent',
      subcommand: 'add',
      options: { member: agent.id },
    });
    expect((await added.reply()).content).to.match(/is now an active support agent/);
    expect((await slashIn(as.moderator, channelId, 'assign', { agent: agent.id })).text).to.match(/now handled by/);
    expect((await ticketsOf(guild.member.id))[0]).to.include({
      assignedTo: agent.id,
      status: TicketStatus.IN_PROGRESS,
    });

    await expectRejected(as.other.say(channelId, 'hi'));
    expect((await slashIn(as.agent, channelId, 'add', { member: other.id })).text).to.match(/can now see this ticket/);
    await as.other.say(channelId, 'I can see it now');
    expect((await slashIn(as.agent, channelId, 'remove', { member: other.id })).text).to.match(/was removed/);
    await expectRejected(as.other.say(channelId, 'hi again'));
    expect((await slashIn(as.agent, channelId, 'remove', { member: guild.member.id })).text).to.equal(
      'The opener cannot be removed from their own ticket.',
    );
  });

  it('refuses every ticket command and button when the plugin is disabled', async () => {
    const panel = await postPanel();
    await container.guildSettings.disablePlugin(guild.id, tickets.name, guild.setupBy);
    const refused = await guild.slash(as.member, 'ticket', 'open');
    expect(refused.text).to.match(/\*\*tickets\*\* plugin is disabled/);
    const click = await as.member.clickButton(panel, TicketIds.openButton);
    expect((await click.reply()).content).to.match(/\*\*tickets\*\* plugin is disabled/);
    expect(await ticketsOf(guild.member.id)).to.have.length(0);
  });

  it('overflows a full support category into the overflow category, then into a private thread', async () => {
    for (let index = 0; index < 50; index += 1) {
      h.emu.createChannel(guild.id, { name: `filler-${index}`, parentId: categoryId });
    }
    const overflow = h.emu.createChannel(guild.id, { name: 'Support 2', type: ChannelType.GuildCategory });
    await eventually(() => container.client.channels.cache.has(overflow.id), 'the bot to see the overflow category');
    await setting('overflowCategoryId', JSON.stringify(overflow.id));
    await setting('maxOpenPerMember', '3');
    const inOverflow = h.emu.world.channel(await openTicket())!;
    expect(inOverflow).to.include({ name: 'ticket-0001', parentId: overflow.id });

    for (let index = 1; index < 50; index += 1) {
      h.emu.createChannel(guild.id, { name: `filler-b-${index}`, parentId: overflow.id });
    }
    await eventually(
      () =>
        container.client.channels.cache.filter((channel) => 'parentId' in channel && channel.parentId === overflow.id)
          .size === 50,
      'the bot to see the full overflow category',
    );
    const threadId = await openTicket();
    const thread = h.emu.world.channel(threadId)!;
    expect(thread).to.include({
      name: 'ticket-0002',
      type: ChannelType.PrivateThread,
      parentId: guild.generalChannelId,
    });
    expect([...thread.threadMemberIds!]).to.include.members([guild.member.id, agent.id]);
    await as.member.say(threadId, 'hello from the thread');
    const [, second] = await ticketsOf(guild.member.id);
    expect(second).to.include({ channelId: threadId, isThread: true });
    // A thread deleted by hand closes its ticket too (once the message above has gone through the bot).
    await eventually(
      async () =>
        (await container.database.getRepository(TicketMessage).countBy({ content: 'hello from the thread' })) === 1,
      'the thread message to be stored',
    );
    deleteChannel(h.emu.core, threadId, { userId: guild.owner.id });
    await eventually(async () => (await ticketsOf(guild.member.id))[1]!.status === TicketStatus.CLOSED, 'the close');
    expect((await ticketsOf(guild.member.id))[1]!.closeReason).to.equal('The ticket channel was deleted.');
  });

  it('closes a ticket whose channel was deleted by hand, so the member can open a new one', async () => {
    const channelId = await openTicket();
    deleteChannel(h.emu.core, channelId, { userId: guild.owner.id });
    await eventually(async () => (await ticketsOf(guild.member.id))[0]!.status === TicketStatus.CLOSED, 'the close');
    const [ticket] = await ticketsOf(guild.member.id);
    expect(ticket!.closeReason).to.equal('The ticket channel was deleted.');
    expect(ticket!.channelDeletedAt).not.to.equal(null);
    const second = await openTicket();
    expect(h.emu.world.channel(second)!.name).to.equal('ticket-0002');
  });

  it('warns an inactive ticket, closes it if nothing happens, and restarts the clock on activity', async () => {
    await setting('inactivityWarnSeconds', '1');
    await setting('inactivityCloseSeconds', '2');
    const quiet = await openTicket();
    const warning = await h.emu.waitForMessage({
      channelId: quiet,
      predicate: (message) => /has been quiet/.test(message.content),
      timeoutMs: 6_000,
    });
    expect(warning.content).to.include(`<@${guild.member.id}>`);
    // Activity after the warning: the ticket stays open and gets a fresh warning later.
    await as.member.say(quiet, 'still here!');
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect((await ticketsOf(guild.member.id))[0]!.status).to.equal(TicketStatus.OPEN);
    await eventually(
      async () => (await ticketsOf(guild.member.id))[0]!.status === TicketStatus.CLOSED,
      'the inactive ticket to close',
      10_000,
    );
    expect((await ticketsOf(guild.member.id))[0]!.closeReason).to.equal('Closed after inactivity.');
    const warnings = h.emu.world.messages(quiet).filter((message) => /has been quiet/.test(message.content));
    expect(warnings).to.have.length(2);
  });

  it('stops auto-close while disabled, and re-enabling resumes it without a restart', async () => {
    await setting('inactivityWarnSeconds', '1');
    await setting('inactivityCloseSeconds', '1');
    const quiet = await openTicket();
    await container.guildSettings.disablePlugin(guild.id, tickets.name, guild.setupBy);
    expect(await queuedJobs('ticketInactivity', guild.id)).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.emu.world.messages(quiet).some((message) => /has been quiet/.test(message.content))).to.equal(false);

    await container.guildSettings.enablePlugin(guild.id, tickets.name, guild.setupBy);
    await h.emu.waitForMessage({
      channelId: quiet,
      predicate: (message) => /has been quiet/.test(message.content),
      timeoutMs: 6_000,
    });
    await eventually(
      async () => (await ticketsOf(guild.member.id))[0]!.closeReason === 'Closed after inactivity.',
      'the ticket to close after inactivity',
      8_000,
    );
  });

  it('re-schedules open tickets when the auto-close delays change', async () => {
    const quiet = await openTicket(); // warned after a day, by default
    const [dayJob] = await queuedJobs('ticketInactivity', guild.id);
    expect(dayJob!.opts.delay).to.be.above(3_600_000);
    await setting('inactivityWarnSeconds', '1');
    await h.emu.waitForMessage({
      channelId: quiet,
      predicate: (message) => /has been quiet/.test(message.content),
      timeoutMs: 6_000,
    });
    expect((await queuedJobs('ticketInactivity', guild.id)).map((job) => job.id)).not.to.include(dayJob!.id);
  });

  it('rebuilds its jobs from the database when Redis comes back empty', async () => {
    await setting('deleteChannelAfterSeconds', '600');
    await openTicket();
    const closing = await openTicket(as.other);
    await (await as.owner.slash(closing, 'ticket', { subcommand: 'close' })).reply();
    const open = (await ticketsOf(guild.member.id))[0]!;
    const closed = (await ticketsOf(other.id))[0]!;
    expect(closed.status).to.equal(TicketStatus.CLOSED);
    const jobIds = async () => [
      ...(await queuedJobs('ticketInactivity', guild.id)).map((job) => job.id),
      ...(await queuedJobs('ticketChannelDelete', guild.id)).map((job) => job.id),
    ];
    const owed = [
      `ticket-inactivity-${open.id}-${open.lastActivityAt.getTime() + 86_400_000}`,
      `ticket-channel-delete-${closed.id}`,
    ];
    expect(await jobIds()).to.include.members(owed);

    await loseRedis(h.config.redisNamespace);
    // The closed ticket's own inactivity job is not owed any more (it would find the ticket closed and stop).
    await eventually(async () => (await jobIds()).length === owed.length, 'the jobs to be queued again', 10_000);
    expect(await jobIds()).to.have.members(owed);
  });

  it('checks the role and category settings against the server in /plugins config', async () => {
    const config = (setting: string, value: string) =>
      guild.slash(guild.as.owner, 'plugins', 'config', { plugin: tickets.name, setting, value });
    const everyone = await config('escalationRoleId', `<@&${guild.id}>`);
    expect(everyone.text).to.match(/@everyone cannot be used here/);
    expect(everyone.ephemeral).to.equal(true);
    const notACategory = await config('overflowCategoryId', `<#${logChannelId}>`);
    expect(notACategory.text).to.match(/is not a category/);
    expect(await tickets.settings(guild.id)).to.include({ escalationRoleId: null, overflowCategoryId: null });

    await config('escalationRoleId', `<@&${supportRoleId}>`);
    expect((await tickets.settings(guild.id)).escalationRoleId).to.equal(supportRoleId);
  });

  it('escalates fully without an escalation role deleted since, and tells the admins once', async () => {
    const escalation = h.emu.createRole(guild.id, { name: 'Escalations' });
    await setting('escalationRoleId', JSON.stringify(escalation.id));
    const adminLog = h.emu.createChannel(guild.id, { name: 'bot-log' }).id;
    await container.guildSettings.updateConfig(guild.id, 'g', { logChannelId: adminLog }, guild.setupBy);
    await guild.as.owner.deleteRole(guild.id, escalation.id);
    await eventually(() => !container.client.guilds.cache.get(guild.id)!.roles.cache.has(escalation.id), 'the delete');
    const since = h.emu.mark();
    for (const opener of [as.member, as.other]) {
      const channelId = await openTicket(opener);
      const escalated = await slashIn(as.moderator, channelId, 'escalate', { reason: 'angry' });
      expect(escalated.text)
        .to.match(/escalated/)
        .and.not.to.match(/sorry|went wrong/i);
      const announced = await h.emu.waitForMessage({
        channelId,
        predicate: (message) => /escalated by/.test(message.content),
      });
      expect(announced.content).not.to.include(escalation.id);
      expect(h.emu.world.channel(channelId)!.permissionOverwrites.map((entry) => entry.id)).not.to.include(
        escalation.id,
      );
    }
    for (const opener of [guild.member.id, other.id]) {
      expect((await ticketsOf(opener))[0]).to.include({ status: TicketStatus.ESCALATED, isEscalated: true });
    }
    const notices = h.emu
      .messagesSince(since)
      .filter((message) => message.channel_id === adminLog && message.content.includes('escalationRoleId'));
    expect(notices).to.have.length(1);
    expect(notices[0]!.content).to.include('no longer exists').and.to.include('/plugins config tickets');
  });

  it('skips an overflow category deleted since, and tells the admins once', async () => {
    const overflow = h.emu.createChannel(guild.id, { name: 'Overflow', type: ChannelType.GuildCategory }).id;
    await setting('overflowCategoryId', JSON.stringify(overflow));
    await container.guildSettings.updateConfig(guild.id, 'g', { supportCategoryId: null }, guild.setupBy);
    await guild.as.owner.deleteChannel(overflow);
    await eventually(() => !container.client.channels.cache.has(overflow), 'the delete');
    const since = h.emu.mark();
    // With the support category unset and the overflow one gone, the thread fallback in #general takes the ticket.
    await openTicket(as.member);
    await openTicket(as.other);
    const notices = h.emu.messagesSince(since).filter((message) => message.content.includes('overflowCategoryId'));
    expect(notices).to.have.length(1);
    expect(h.emu.world.channel(notices[0]!.channel_id)?.recipientId).to.equal(guild.owner.id);
  });

  it("closes the opener's tickets when they leave, if configured", async () => {
    await setting('closeOnLeave', 'true');
    await openTicket();
    await as.member.leaveGuild(guild.id);
    await eventually(async () => (await ticketsOf(guild.member.id))[0]!.status === TicketStatus.CLOSED, 'the close');
    expect((await ticketsOf(guild.member.id))[0]!.closeReason).to.equal('The opener left the server.');
  });

  it('lists the queue by priority then age, manages agents, and reports stats per agent', async () => {
    await openTicket(as.member);
    const urgent = await openTicket(as.other);
    expect((await slashIn(as.agent, urgent, 'priority', { level: 'urgent' })).text).to.match(/urgent/);
    const queue = await as.agent.slash(guild.generalChannelId, 'support', { subcommand: 'queue' });
    const shown = textOf(await queue.reply());
    expect(shown).to.match(/Support queue: 2 waiting/);
    expect(shown.indexOf('#0002')).to.be.below(shown.indexOf('#0001'));
    expect((await guild.slash(as.member, 'support', 'queue')).text).to.match(/VIEW_SUPPORT_QUEUE/);

    const refusedAdd = await as.agent.slash(guild.generalChannelId, 'support', {
      group: 'agent',
      subcommand: 'add',
      options: { member: other.id },
    });
    expect((await refusedAdd.reply()).content).to.match(/MANAGE_SUPPORT_AGENTS/);
    await slashIn(as.agent, urgent, 'claim');
    await as.agent.say(urgent, 'Looking now');
    await eventually(async () => (await ticketsOf(other.id))[0]!.firstResponseAt !== null, 'the first response');
    await slashIn(as.agent, urgent, 'close', { reason: 'done' });
    const removed = await as.owner.slash(guild.generalChannelId, 'support', {
      group: 'agent',
      subcommand: 'remove',
      options: { member: agent.id },
    });
    expect((await removed.reply()).content).to.match(/now an inactive support agent/);
    const list = await as.agent.slash(guild.generalChannelId, 'support', { group: 'agent', subcommand: 'list' });
    expect(textOf(await list.reply())).to.include(`<@${agent.id}> (inactive)`);
    const mine = await openTicket(guild.as.moderator);
    expect((await slashIn(as.agent, mine, 'claim')).text).to.equal('You are marked as an inactive support agent.');

    const stats = await slashIn(as.moderator, guild.generalChannelId, 'stats');
    expect(stats.text).to.match(/3 total · 2 open · 1 closed/);
    expect(stats.text).to.match(new RegExp(`<@${agent.id}>: 1 handled, 1 closed, first response \\d`));
    expect((await slashIn(as.member, guild.generalChannelId, 'stats')).text).to.match(/VIEW_ALL_TICKETS/);
    const board = await guild.slash(as.member, 'leaderboard', 'support', { by: 'rating' });
    expect(board.text).to.match(new RegExp(`<@${agent.id}>.*1 closed · no ratings`));
  });

  it('pages a long support queue with buttons', async () => {
    for (let index = 0; index < 12; index += 1) {
      await container.tickets.repository.reserve({
        guildId: guild.id,
        userId: `15000000000000000${String(index).padStart(2, '0')}`,
        title: `Waiting ${index}`,
        description: 'x',
        maxOpen: 1,
        cooldownSeconds: 0,
      });
    }
    const handle = await as.agent.slash(guild.generalChannelId, 'support', { subcommand: 'queue' });
    const first = await handle.reply();
    expect(textOf(first)).to.match(/Support queue: 12 waiting/);
    expect(first.embeds[0]!.footer!.text).to.equal('Page 1 of 2');
    // The page buttons sit in one action row.
    const [row] = first.components as unknown as { components: { custom_id: string; label: string }[] }[];
    const next = row!.components.find((button) => button.label === '▶')!;
    const turned = await as.agent.clickButton(first, next.custom_id);
    const second = await turned.reply();
    expect(second.embeds[0]!.footer!.text).to.equal('Page 2 of 2');
    expect(textOf(second)).to.include('Waiting 10');
    expect(textOf(second)).not.to.include('Waiting 0\n');
  });

  it('handles a ticket entirely through prefix commands', async () => {
    const channelId = await openTicket();
    /** Says a prefix command in the ticket and waits for the bot's answer matching `expected` there. */
    const say = async (actor: Actor, content: string, expected: RegExp) => {
      await actor.say(channelId, content);
      await h.emu.waitForMessage({ channelId, predicate: (message) => expected.test(textOf(message)) });
    };
    await say(as.owner, `!support agent add <@${agent.id}>`, /is now an active support agent/);
    await say(as.moderator, `!ticket assign <@${agent.id}>`, /now handled by/);
    await say(as.agent, '!ticket priority high', /set to \*\*high\*\*/);
    await say(as.agent, '!ticket priority extreme', /^Priority must be one of low, normal, high, urgent\.$/);
    await say(as.moderator, '!ticket escalate the customer is a VIP', /escalated by .*: the customer is a VIP/);
    await say(as.agent, `!ticket add <@${other.id}>`, /can now see this ticket/);
    await say(as.agent, `!ticket remove <@${other.id}>`, /was removed from this ticket/);
    await say(as.agent, '!ticket resolve', /marked resolved/);
    await say(as.member, '!ticket reopen', /^Ticket #0001 is open again\.$/);
    await say(as.member, '!ticket close', /^Close your ticket\?/);
    await say(as.agent, '!ticket close all sorted', /was closed by .*: all sorted/);
    await say(as.moderator, '!ticket stats', /1 total · 0 open · 1 closed/);
    await say(as.owner, `!support agent remove <@${agent.id}>`, /now an inactive support agent/);
    await say(as.owner, '!support agent list', new RegExp(`<@${agent.id}> \\(inactive\\)`));
    const [ticket] = await ticketsOf(guild.member.id);
    expect(ticket).to.include({ status: TicketStatus.CLOSED, closeReason: 'all sorted', priority: 2 });
    expect(ticket).to.include({ escalationReason: 'the customer is a VIP', assignedTo: agent.id });
  });

  it('works with prefix commands too', async () => {
    const opened = await guild.prefix(as.member, '!ticket open Broken login | I cannot log in');
    const channelId = /<#(\d+)>/.exec(opened.text)![1]!;
    expect(h.emu.world.channel(channelId)!.name).to.equal('ticket-0001');
    expect((await ticketsOf(guild.member.id))[0]).to.include({ title: 'Broken login', description: 'I cannot log in' });
    await as.agent.say(channelId, '!ticket claim');
    const claimed = await h.emu.waitForMessage({ channelId, predicate: (message) => /claimed/.test(message.content) });
    expect(claimed.content).to.match(/claimed ticket #0001/);
    await as.agent.say(channelId, '!ticket note keep an eye on this');
    await eventually(
      async () =>
        (await container.database
          .getRepository(TicketMessage)
          .countBy({ isInternal: true, content: 'keep an eye on this' })) === 1,
      'the prefix note to be stored',
    );
    const queue = await guild.prefix(as.agent, '!support queue');
    expect(queue.text).to.match(/Support queue: 0 waiting/);
    await as.member.say(channelId, '!ticket claim');
    const refused = await h.emu.waitForMessage({
      channelId,
      predicate: (message) => /PROVIDE_SUPPORT/.test(message.content),
    });
    expect(refused.content).to.match(/need the \*\*PROVIDE_SUPPORT\*\* permission/);
    const usage = await guild.prefix(as.member, '!ticket open');
    expect(usage.text).to.equal('Usage: `!ticket open <title> | <description>`');
  });
});

async function expectRejected(promise: Promise<unknown>): Promise<void> {
  let failed = false;
  try {
    await promise;
  } catch {
    failed = true;
  }
  expect(failed, 'the action to be refused').to.equal(true);
}
