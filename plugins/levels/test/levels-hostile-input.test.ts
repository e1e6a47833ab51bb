import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import levels from '../index';

/** Regression tests of issue 14's hostile input in levels: numbers beyond what the command takes. */
describe('levels with hostile input', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['xp'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, levels.name, guild.setupBy);
  });

  it('/xp declares the amount bounds it checks, and !xp beyond them is refused with them', async () => {
    const xp = h.emu.world.commands().find((command) => command.name === 'xp')!;
    for (const sub of xp.options as { name: string; options: { name: string }[] }[]) {
      expect(
        sub.options.find((option) => option.name === 'amount'),
        sub.name,
      ).to.include({
        min_value: 0,
        max_value: 10_000_000,
      });
    }
    const refused = await guild.prefix(guild.as.owner, `!xp add <@${guild.member.id}> 2147483648`);
    expect(refused.text).to.equal('The amount must be between 1 and 10,000,000 XP.');
  });
  it("!xp without a subcommand answers with the usage, with the server's prefix", async () => {
    await container.guildSettings.updateConfig(guild.id, 'g', { prefix: '?' }, guild.setupBy);
    await guild.as.owner.say(guild.generalChannelId, '?xp');
    const reply = await h.emu.waitForMessage({ channelId: guild.generalChannelId });
    expect(reply.content).to.equal(
      '`?xp` needs a subcommand. Usage: `?xp add <member> <amount>` · `?xp remove <member> <amount>` · `?xp set <member> <amount>`',
    );
  });

  it('XP goes only to members of this server, and never to bots (issue 14)', async () => {
    const outsider = h.emu.createUser({ username: 'outsider' });
    const bot = h.emu.createUser({ username: 'otherbot', bot: true });
    h.emu.addMember(guild.id, bot.id);
    const left = await guild.prefix(guild.as.owner, `!xp add <@${outsider.id}> 50`);
    expect(left.text).to.equal('**outsider** is not a member of this server.');
    const slash = await guild.slash(guild.as.owner, 'xp', 'set', { member: outsider.id, amount: 50 });
    expect(slash.text).to.equal('**outsider** is not a member of this server.');
    const toBot = await guild.slash(guild.as.owner, 'xp', 'add', { member: bot.id, amount: 50 });
    expect(toBot.text).to.equal('Bots do not earn XP.');
    const setBot = await guild.prefix(guild.as.owner, `!xp set <@${bot.id}> 50`);
    expect(setBot.text).to.equal('Bots do not earn XP.');
    const rows: unknown[] = await container.database.query('SELECT 1 FROM level WHERE guild_id = $1', [guild.id]);
    expect(rows).to.deep.equal([]);
  });

  it('a role lookup still answers after a text option was typed as `__proto__` beside a role (found by the fuzz suite)', async () => {
    // discord.js looked `__proto__` up in the interaction's resolved roles and cached a role with no name.
    const role = h.emu.createRole(guild.id, { name: 'Helpers' });
    const poisoned = await guild.slash(guild.as.owner, 'permissions', 'grant', {
      permission: '__proto__',
      target: role.id,
    });
    expect(poisoned.text).to.match(/^`__proto__` is not a permission/);
    const cached = container.client.guilds.cache.get(guild.id)!.roles.cache;
    expect(cached.filter((each) => typeof each.name !== 'string').size, 'nameless roles cached').to.equal(0);
    const missing = await guild.prefix(guild.as.owner, '!levels noxp role <@&12345678901234568>');
    expect(missing.text).to.equal('The given argument did not resolve to a role. Usage: `!levels noxp role <role>`');
  });
});
