import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { InteractionResponseType, MessageFlags, type APIMessage } from 'discord-api-types/v10';
import { createTestGuild, harness, textOf, type Harness, type TestGuild } from '../helpers/e2e';

/** The core's `/leaderboard` and its page buttons, driven through the economy plugin's board. */
describe('leaderboard and page buttons end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['leaderboard'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, 'economy', guild.setupBy);
  });

  const buttons = (message: APIMessage) =>
    (message.components?.[0] as { components: { custom_id: string; label: string; disabled?: boolean }[] } | undefined)
      ?.components ?? [];
  const buttonId = (message: APIMessage, label: string) => buttons(message).find((b) => b.label === label)!.custom_id;

  /** 24 members with 1,000 … 24,000 coins, so the board has three pages of ten. */
  async function fillBoard(): Promise<string[]> {
    const ids: string[] = [];
    for (let index = 1; index <= 24; index++) {
      const user = h.emu.createUser({ username: `rich${index}` });
      h.emu.addMember(guild.id, user.id);
      await container.economy.credit(guild.id, user.id, index * 1_000);
      ids.push(user.id);
    }
    return ids;
  }

  it('pages with ◀ ▶ for the member who asked, and jumps to their own page', async () => {
    const ids = await fillBoard();
    await container.economy.credit(guild.id, guild.member.id, 1);
    const board = await guild.slash(guild.as.member, 'leaderboard', 'economy');
    expect(board.text).to.match(new RegExp(`^\\*\\*1\\.\\*\\* <@${ids[23]}> — 🪙 24,000`, 'm'));
    expect(board.reply.embeds[0]?.footer?.text).to.equal('Page 1 of 3');
    expect(buttons(board.reply).map((b) => [b.label, Boolean(b.disabled)])).to.deep.equal([
      ['◀', true],
      ['▶', false],
      ['My page', false],
    ]);

    const next = await guild.as.member.clickButton(board.reply, buttonId(board.reply, '▶'));
    expect((await next.response()).type).to.equal(InteractionResponseType.UpdateMessage);
    const second = await next.reply();
    expect(second.id).to.equal(board.reply.id);
    expect(textOf(second)).to.match(new RegExp(`^\\*\\*11\\.\\*\\* <@${ids[13]}>`, 'm'));

    const mine = await (await guild.as.member.clickButton(second, buttonId(second, 'My page'))).reply();
    expect(mine.embeds[0]?.footer?.text).to.equal('Page 3 of 3');
    expect(textOf(mine)).to.match(new RegExp(`^\\*\\*25\\.\\*\\* <@${guild.member.id}> — 🪙 1$`, 'm'));
    expect(buttons(mine).map((b) => b.label)).to.deep.equal(['◀', '▶']);
  });

  it('gives another member their own hidden copy instead of moving the message', async () => {
    await fillBoard();
    const board = await guild.slash(guild.as.member, 'leaderboard', 'economy', { by: 'wallet' });
    const click = await guild.as.moderator.clickButton(board.reply, buttonId(board.reply, '▶'));
    const copy = await click.reply();
    expect(copy.id).not.to.equal(board.reply.id);
    expect((copy.flags ?? 0) & MessageFlags.Ephemeral).to.equal(MessageFlags.Ephemeral);
    expect(copy.embeds[0]?.title).to.equal('Leaderboard · economy (Wallet)');
    expect(copy.embeds[0]?.footer?.text).to.equal('Page 2 of 3');
    expect(h.emu.world.message(guild.generalChannelId, board.reply.id)?.embeds[0]?.footer?.text).to.equal(
      'Page 1 of 3',
    );
  });

  it('refuses an unknown board or ranking, and a board whose plugin is disabled — buttons included', async () => {
    expect((await guild.prefix(guild.as.member, '!leaderboard')).text).to.match(/Pick a leaderboard: .*`economy`/);
    expect((await guild.prefix(guild.as.member, '!leaderboard economy richest')).text).to.match(
      /ranked by `total`, `wallet`, `bank`, not `richest`/,
    );
    const prefixBoard = await guild.prefix(guild.as.member, '!leaderboard economy bank');
    expect(prefixBoard.text).to.include('Leaderboard · economy (Bank)');

    await fillBoard();
    const board = await guild.slash(guild.as.member, 'leaderboard', 'economy');
    await container.guildSettings.disablePlugin(guild.id, 'economy', guild.setupBy);
    const refused = await guild.slash(guild.as.member, 'leaderboard', 'economy');
    expect(refused.ephemeral).to.equal(true);
    expect(refused.text).to.match(/\*\*economy\*\* plugin is disabled/);
    const click = await (await guild.as.member.clickButton(board.reply, buttonId(board.reply, '▶'))).reply();
    expect(textOf(click)).to.match(/\*\*economy\*\* plugin is disabled/);
  });
});
