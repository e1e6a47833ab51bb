import { expect } from 'chai';
import { ChannelType, Events, type Client, type Message } from 'discord.js';
import type { Emulator } from '../../emulator';
import { connectClient, startWorld } from './helpers';

describe('emulator: gateway login', () => {
  let emu: Emulator;
  let client: Client<true>;
  let world: Awaited<ReturnType<typeof startWorld>>;

  before(async () => {
    world = await startWorld();
    emu = world.emu;
    client = await connectClient(emu);
  });

  after(async () => {
    await client.destroy();
    await emu.stop();
  });

  it('gives the client its user, application and full guild', () => {
    expect(client.user.id).to.equal(emu.botUserId);
    expect(client.application.id).to.equal(emu.applicationId);
    const guild = client.guilds.cache.get(world.guild.id);
    expect(guild?.name).to.equal('Test Guild');
    expect(guild?.ownerId).to.equal(world.owner.id);
    expect(guild?.roles.everyone.id).to.equal(world.guild.id);
    expect(guild?.members.me?.id).to.equal(emu.botUserId);
    expect(guild?.channels.cache.get(world.channelId)?.type).to.equal(ChannelType.GuildText);
  });

  it('delivers a member message and records the bot reply', async () => {
    client.once(Events.MessageCreate, (message: Message) => void message.reply(`echo: ${message.content}`));
    await emu.actor(world.alice.id).say(world.channelId, 'hello');
    const reply = await emu.waitForMessage({ channelId: world.channelId });
    expect(reply.content).to.equal('echo: hello');
    expect(reply.message_reference?.message_id).to.be.a('string');
    const request = await emu.waitForRequest({ method: 'POST', route: '/channels/:channelId/messages' });
    expect(request.status).to.equal(200);
  });

  it('dispatches GUILD_CREATE for a guild created after login', async () => {
    const joined = new Promise<string>((resolve) => client.once(Events.GuildCreate, (guild) => resolve(guild.id)));
    const guild = emu.createGuild({ name: 'Later', ownerId: world.owner.id });
    expect(await joined).to.equal(guild.id);
  });
});
