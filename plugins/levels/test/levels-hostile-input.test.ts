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
});
