import { container } from '@sapphire/framework';
import { expect } from 'chai';
import type { GuildMember, User } from 'discord.js';
import type { RecentCollection } from '../../src/plugin-kit/RecentCollection';
import { createTestGuild, harness, setPluginSetting, type Harness, type TestGuild } from '../helpers/e2e';
import { eventually } from '../helpers/wait';

/**
 * In a server of 100,000 members the bot keeps only the members and users it saw last (MEMBER_CACHE_SIZE,
 * USER_CACHE_SIZE), so the member a message or command is about may be gone from the caches by the time the bot
 * gets to it. Here the test server's member cache and the user cache keep nobody but the bot: every path must ask
 * Discord instead of reading the caches.
 */
describe('members and users the caches no longer hold', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;
  let userLimit = 0;
  const users = () => container.client.users.cache as RecentCollection<string, User>;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    const botId = container.client.user!.id;
    const members = container.client.guilds.cache.get(guild.id)!.members.cache as RecentCollection<string, GuildMember>;
    members.maxSize = 0;
    members.sweep((member) => member.id !== botId);
    userLimit = users().maxSize;
    users().maxSize = 0;
    users().sweep((user) => user.id !== botId);
  });

  afterEach(() => {
    users().maxSize = userLimit;
  });

  async function xpOf(userId: string): Promise<number> {
    await container.levels.repository.flush();
    const rows = await container.database.query<{ total_xp: number }[]>(
      'SELECT total_xp FROM level WHERE guild_id = $1 AND user_id = $2',
      [guild.id, userId],
    );
    return rows[0]?.total_xp ?? 0;
  }

  it('levels: a member with a no-XP role earns nothing, and one without earns', async () => {
    await container.guildSettings.enablePlugin(guild.id, 'levels', guild.setupBy);
    const muted = h.emu.createRole(guild.id, { name: 'No XP' }).id;
    await guild.as.owner.addRole(guild.id, guild.member.id, muted);
    await setPluginSetting(guild, 'levels', 'noXpRoleIds', [muted]);
    await guild.as.member.say(guild.generalChannelId, 'chatting without XP');
    await guild.as.moderator.say(guild.generalChannelId, 'chatting with XP');
    await eventually(async () => (await xpOf(guild.moderator.id)) > 0, 'the moderator to earn XP');
    expect(await xpOf(guild.member.id)).to.equal(0);
    expect(container.client.guilds.cache.get(guild.id)!.members.cache.has(guild.member.id)).to.equal(false);
  });

  it('levels: /levels sync finds a member holding a reward role they no longer earn', async () => {
    await container.guildSettings.enablePlugin(guild.id, 'levels', guild.setupBy);
    const bronze = h.emu.createRole(guild.id, { name: 'Bronze' }).id;
    await setPluginSetting(guild, 'levels', 'roleRewards', [{ level: 1, roleId: bronze }]);
    await guild.as.owner.addRole(guild.id, guild.member.id, bronze);
    const sync = await guild.slash(guild.as.owner, 'levels', 'sync', {});
    expect(sync.text).to.equal('Checked 1 member; fixed the roles of 1.');
    expect(h.emu.world.member(guild.id, guild.member.id)!.roles).to.deep.equal([]);
  });

  it("kb: the short trigger answers a member, whose permission is read from Discord's copy", async () => {
    await container.guildSettings.enablePlugin(guild.id, 'kb', guild.setupBy);
    await container.kb.add(
      guild.id,
      { title: 'Printer offline', content: 'Turn it off and on again.', category: null, tags: [] },
      guild.owner.id,
    );
    await setPluginSetting(guild, 'kb', 'trigger', '?');
    const shown = await guild.prefix(guild.as.member, '?printer offline');
    expect(shown.text).to.include('Turn it off and on again.');
  });

  it('moderation: the role hierarchy is checked against members fetched from Discord', async () => {
    await container.guildSettings.enablePlugin(guild.id, 'moderation', guild.setupBy);
    await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
    const peer = h.emu.createUser({ username: 'peer' });
    h.emu.addMember(guild.id, peer.id, { roles: [guild.modRoleId] });
    const same = await guild.slash(guild.as.moderator, 'ban', undefined, { user: peer.id });
    expect(same.text).to.equal(
      "You can't ban peer: their highest role (Moderators) is at or above yours (Moderators).",
    );
    const kicked = await guild.slash(guild.as.moderator, 'kick', undefined, { member: guild.member.id });
    expect(kicked.text).to.match(/^Kicked/);
    expect(h.emu.world.member(guild.id, guild.member.id)).to.equal(undefined);
  });
});
