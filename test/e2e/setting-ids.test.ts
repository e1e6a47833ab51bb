import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

/** `/plugins config` on settings that list roles, channels or categories: each entry checked like a single id. */
describe('/plugins config: lists of role and channel ids', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    for (const plugin of ['kb', 'levels', 'audit']) {
      await container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
    }
  });

  const config = (plugin: string, setting: string, value: string) =>
    guild.slash(guild.as.owner, 'plugins', 'config', { plugin, setting, value });
  const stored = async (plugin: string, setting: string) =>
    (await container.guildSettings.pluginSettingsOf(guild.id, plugin))[setting];
  const seen = async (id: string) =>
    eventually(() => container.client.guilds.cache.get(guild.id)!.channels.cache.has(id), 'the bot to see it');

  it('takes a list as mentions or JSON, checks every entry against this server, and refuses the whole list', async () => {
    const help = h.emu.createChannel(guild.id, { name: 'help' }).id;
    const support = h.emu.createChannel(guild.id, { name: 'support' }).id;
    const mute = h.emu.createChannel(guild.id, {
      name: 'mute',
      permissionOverwrites: [{ id: h.emu.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }],
    }).id;
    await Promise.all([help, support, mute].map(seen));
    const other = await createTestGuild(h.emu);

    const set = await config('kb', 'helpChannelIds', `<#${help}> <#${support}>, <#${help}>`);
    expect(set.text).to.include(JSON.stringify([help, support]));
    expect(await stored('kb', 'helpChannelIds')).to.deep.equal([help, support]);

    const foreign = await config('kb', 'helpChannelIds', JSON.stringify([help, other.generalChannelId]));
    expect(foreign.text).to.equal(`There is no channel with the id \`${other.generalChannelId}\` on this server.`);
    expect(foreign.ephemeral).to.equal(true);
    const unusable = await config('kb', 'helpChannelIds', `<#${mute}>`);
    expect(unusable.text).to.match(/^I cannot post in mute: I am missing SendMessages there\.$/);
    const garbage = await config('kb', 'helpChannelIds', '["help"');
    expect(garbage.text).to.match(/^Give a list of channel mentions or ids/);
    expect(await stored('kb', 'helpChannelIds')).to.deep.equal([help, support]);

    expect((await config('kb', 'helpChannelIds', 'none')).text).to.include('`[]`');
    expect(await stored('kb', 'helpChannelIds')).to.deep.equal([]);
  });

  it('refuses @everyone and other servers’ roles in role lists, and takes categories where channels are only watched', async () => {
    const quiet = h.emu.createRole(guild.id, { name: 'Quiet' }).id;
    const category = h.emu.createChannel(guild.id, { name: 'Off topic', type: ChannelType.GuildCategory }).id;
    // The bot may not post in a channel it only watches: no XP there is still a valid choice.
    const readOnly = h.emu.createChannel(guild.id, {
      name: 'read-only',
      permissionOverwrites: [{ id: h.emu.botUserId, type: 'member', deny: PermissionFlagsBits.SendMessages }],
    }).id;
    await Promise.all([category, readOnly].map(seen));
    const other = await createTestGuild(h.emu);

    const everyone = await config('levels', 'noXpRoleIds', JSON.stringify([quiet, guild.id]));
    expect(everyone.text).to.match(/@everyone cannot be used here/);
    const foreign = await config('audit', 'ignoredRoles', `<@&${other.modRoleId}>`);
    expect(foreign.text).to.equal(`There is no role with the id \`${other.modRoleId}\` on this server.`);
    expect(await stored('levels', 'noXpRoleIds')).to.deep.equal([]);
    expect(await stored('audit', 'ignoredRoles')).to.deep.equal([]);

    await config('levels', 'noXpRoleIds', `<@&${quiet}>`);
    expect(await stored('levels', 'noXpRoleIds')).to.deep.equal([quiet]);
    await config('levels', 'noXpChannelIds', `<#${category}> <#${readOnly}>`);
    expect(await stored('levels', 'noXpChannelIds')).to.deep.equal([category, readOnly]);
    const foreignChannel = await config('audit', 'ignoredChannels', other.generalChannelId);
    expect(foreignChannel.text).to.match(/There is no channel with the id/);
    const announce = await config('levels', 'announceChannelId', other.generalChannelId);
    expect(announce.text).to.match(/There is no channel with the id/);
    expect(await stored('levels', 'announceChannelId')).to.equal(null);
  });
});
