import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { WELCOME_EDIT_BUTTON, WELCOME_EDIT_MODAL } from '../ids';
import welcome from '../index';

describe('welcome plugin end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, welcome.name, guild.setupBy);
  });

  const settings = () => welcome.settings(guild.id);

  it('an admin edits the greeting with the button and modal; a member gets no button', async () => {
    const preview = await (await guild.as.owner.slash(guild.generalChannelId, 'welcome')).reply();
    const click = await guild.as.owner.clickButton(preview, WELCOME_EDIT_BUTTON);
    const modal = await click.modal();
    expect(modal.custom_id).to.equal(WELCOME_EDIT_MODAL);
    const submitted = await guild.as.owner.submitModal(click, WELCOME_EDIT_MODAL, { message: 'Howdy {user}!' });
    expect((await submitted.reply()).content).to.match(
      /^Saved\. New members will now be greeted with:\n>>> Howdy \{user\}!/,
    );
    expect((await settings()).message).to.equal('Howdy {user}!');

    const memberPreview = await (await guild.as.member.slash(guild.generalChannelId, 'welcome')).reply();
    expect(memberPreview.components ?? []).to.deep.equal([]);
  });

  it('refuses the button once the plugin is disabled, naming the plugin', async () => {
    const preview = await (await guild.as.owner.slash(guild.generalChannelId, 'welcome')).reply();
    await container.guildSettings.disablePlugin(guild.id, welcome.name, guild.setupBy);
    const click = await guild.as.owner.clickButton(preview, WELCOME_EDIT_BUTTON);
    expect((await click.reply()).content).to.match(/\*\*welcome\*\* plugin is disabled/);
  });

  it('deletes the greeting after the configured delay through a scheduled task', async () => {
    const welcomeChannel = h.emu.createChannel(guild.id, { name: 'welcome' });
    await container.guildSettings.updateConfig(guild.id, 'g', { welcomeChannelId: welcomeChannel.id }, guild.setupBy);
    await welcome.setSetting(guild.id, 'deleteAfterSeconds', 1, guild.setupBy);
    const newcomer = h.emu.createUser({ username: 'brief' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    const greeting = await h.emu.waitForMessage({ channelId: welcomeChannel.id });
    await eventually(
      () => h.emu.world.message(welcomeChannel.id, greeting.id) === undefined,
      'the greeting to be deleted',
      8_000,
    );
  });

  it('leaves the greeting alone when the plugin is disabled before the task runs', async () => {
    const welcomeChannel = h.emu.createChannel(guild.id, { name: 'welcome' });
    await container.guildSettings.updateConfig(guild.id, 'g', { welcomeChannelId: welcomeChannel.id }, guild.setupBy);
    await welcome.setSetting(guild.id, 'deleteAfterSeconds', 1, guild.setupBy);
    const newcomer = h.emu.createUser({ username: 'stays' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    const greeting = await h.emu.waitForMessage({ channelId: welcomeChannel.id });
    await container.guildSettings.disablePlugin(guild.id, welcome.name, guild.setupBy);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(h.emu.world.message(welcomeChannel.id, greeting.id)).not.to.equal(undefined);
  });

  it('greets a new member only where the plugin is enabled, and never pings @everyone', async () => {
    await container.guildSettings.disablePlugin(guild.id, welcome.name, guild.setupBy);
    const welcomeChannel = h.emu.createChannel(guild.id, { name: 'welcome' });
    await guild.slash(guild.as.owner, 'config', 'channel', { kind: 'welcome', channel: welcomeChannel.id });
    await guild.prefix(guild.as.owner, '!plugins config welcome message Hey @everyone, {user} joined {server}');

    const early = h.emu.createUser({ username: 'early' });
    const mark = h.emu.mark();
    await h.emu.actor(early.id).joinGuild(guild.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.emu.messagesSince(mark).filter((m) => m.channel_id === welcomeChannel.id)).to.deep.equal([]);

    await guild.slash(guild.as.owner, 'plugins', 'enable', { plugin: welcome.name });
    const newcomer = h.emu.createUser({ username: 'newcomer' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    const greeting = await h.emu.waitForMessage({ channelId: welcomeChannel.id });
    expect(greeting.content).to.equal(
      `Hey @everyone, <@${newcomer.id}> joined ${container.client.guilds.cache.get(guild.id)!.name}`,
    );
    const sent = await h.emu.waitForRequest(
      (request) => request.method === 'POST' && request.path.endsWith(`/channels/${welcomeChannel.id}/messages`),
    );
    expect((sent.body as { allowed_mentions?: unknown }).allowed_mentions).to.deep.equal({ users: [newcomer.id] });
  });
});
