import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { WELCOME_EDIT_BUTTON, WELCOME_EDIT_MODAL } from '../ids';
import welcome from '../index';

/** Regression tests of issue 14's hostile input in welcome: text PostgreSQL refuses. */
describe('welcome with hostile input', function () {
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

  it('saves a greeting typed with U+0000 in the modal, without it', async () => {
    const preview = await (await guild.as.owner.slash(guild.generalChannelId, 'welcome')).reply();
    const click = await guild.as.owner.clickButton(preview, WELCOME_EDIT_BUTTON);
    await click.modal();
    const submitted = await guild.as.owner.submitModal(click, WELCOME_EDIT_MODAL, { message: 'Hi\u0000 {user}!' });
    expect((await submitted.reply()).content).to.match(
      /^Saved\. New members will now be greeted with:\n>>> Hi \{user\}!/,
    );
    expect((await welcome.settings(guild.id)).message).to.equal('Hi {user}!');
  });

  it('greets with a placeholder spelled like a name every object has left as typed', async () => {
    const welcomeChannel = h.emu.createChannel(guild.id, { name: 'welcome' });
    await guild.slash(guild.as.owner, 'config', 'channel', { kind: 'welcome', channel: welcomeChannel.id });
    await guild.prefix(guild.as.owner, '!plugins config welcome message Hi {user} {constructor}{toString}');
    const newcomer = h.emu.createUser({ username: 'newcomer' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    const greeting = await h.emu.waitForMessage({ channelId: welcomeChannel.id });
    expect(greeting.content).to.equal(`Hi <@${newcomer.id}> {constructor}{toString}`);
  });
});
