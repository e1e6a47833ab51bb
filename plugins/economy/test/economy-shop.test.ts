import { container } from '@sapphire/framework';
import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import type { EconomyItemUsedEvent } from '../events';
import economy from '../index';

describe('economy shop end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(
      ['shop', 'buy', 'sell', 'inventory', 'equip', 'unequip', 'use', 'leaderboard'],
      {
        timeoutMs: 15_000,
      },
    );
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, economy.name, guild.setupBy);
  });

  const wallet = async (userId: string) => (await container.economy.balance(guild.id, userId)).wallet;
  const give = (userId: string, amount: number) => container.economy.credit(guild.id, userId, amount);
  const addItem = (options: Record<string, string | number>) => guild.slash(guild.as.owner, 'shop', 'add', options);
  const owned = async (userId: string) =>
    Object.fromEntries(
      (await container.economy.shop.inventory(guild.id, userId)).map((item) => [
        item.name,
        [item.owned, item.equipped],
      ]),
    );
  const memberRoles = (userId: string) => h.emu.world.member(guild.id, userId)!.roles;
  const buttonId = (message: APIMessage, label: string) =>
    (message.components![0] as { components: { custom_id: string; label: string }[] }).components.find(
      (button) => button.label === label,
    )!.custom_id;

  async function expectLedgerBalanced() {
    const [row] = (await container.database.query(
      `SELECT count(*) AS mismatched FROM economy e
       WHERE e.guild_id = $1 AND e.balance + e.bank <>
             COALESCE((SELECT sum(amount) FROM economy_transaction t WHERE t.economy_id = e.id), 0)`,
      [guild.id],
    )) as { mismatched: string }[];
    expect(row!.mismatched).to.equal('0');
  }

  it('admins add items by slash and prefix; members browse the shop page by page', async () => {
    const added = await addItem({ name: 'Apple', type: 'CONSUMABLE', price: '10', description: 'Crunchy' });
    expect(added.text).to.match(/Added \*\*Apple\*\* \(consumable\) to the shop for 🪙 10\./);
    expect((await guild.prefix(guild.as.owner, '!shop add "Golden Frame" background 2.5k')).text).to.match(
      /Added \*\*Golden Frame\*\* \(background\) to the shop for 🪙 2,500\./,
    );
    for (const [index, name] of ['Pin', 'Star', 'Moon', 'Sun'].entries()) {
      await addItem({ name, type: 'BADGE', price: String(100 + index) });
    }
    expect((await addItem({ name: 'apple', type: 'BADGE', price: '1' })).text).to.match(/already has an item called/);
    const twins = await Promise.all(
      [1, 2].map(() =>
        guild.as.owner.slash(guild.generalChannelId, 'shop', {
          subcommand: 'add',
          options: { name: 'Twin', type: 'SPECIAL', price: '5' },
        }),
      ),
    );
    const twinReplies = (await Promise.all(twins.map((handle) => handle.reply()))).map((reply) => reply.content);
    expect(twinReplies.filter((reply) => reply.startsWith('Added'))).to.have.length(1);
    expect(twinReplies.filter((reply) => /already has an item called \*\*Twin\*\*/.test(reply))).to.have.length(1);
    await guild.slash(guild.as.owner, 'shop', 'remove', { item: 'Twin' });
    expect((await addItem({ name: 'Pass', type: 'ROLE', price: '1' })).text).to.match(/needs the role it grants/);
    expect((await addItem({ name: 'Pass', type: 'ROLE', price: '1', role: guild.id })).text).to.match(
      /That role cannot be sold/,
    );
    expect((await addItem({ name: 'Cheap', type: 'BADGE', price: 'free' })).text).to.match(/not an amount/);
    expect(
      (await guild.slash(guild.as.member, 'shop', 'add', { name: 'Hack', type: 'BADGE', price: '1' })).text,
    ).to.match(/MANAGE_BOT_SETTINGS/);

    const first = await guild.slash(guild.as.member, 'shop', 'view');
    expect(first.text).to.match(/Apple — 🪙 10\nconsumable\nCrunchy/);
    expect(first.text).not.to.include('Golden Frame');
    expect(first.reply.embeds[0]!.footer?.text).to.equal('Page 1 of 2');
    const second = await (await guild.as.member.clickButton(first.reply, buttonId(first.reply, '▶'))).reply();
    expect(second.embeds[0]!.fields!.map((field) => field.name)).to.deep.equal(['Golden Frame — 🪙 2,500']);
    expect((await guild.prefix(guild.as.member, '!shop')).text).to.include('Apple — 🪙 10');

    const choices = await guild.as.member.autocomplete(guild.generalChannelId, 'buy', {
      options: { item: 'o' },
      focused: 'item',
    });
    expect(choices.map((choice) => choice.name)).to.deep.equal(['Golden Frame', 'Moon']);
  });

  it('buys and sells with the sell-back ratio, and refuses what cannot be done', async () => {
    await addItem({ name: 'Gem', type: 'COLLECTIBLE', price: '100' });
    await give(guild.member.id, 350);
    expect((await guild.slash(guild.as.member, 'buy', undefined, { item: 'gem', quantity: 2 })).text).to.match(
      /You bought 2 × \*\*Gem\*\* for 🪙 200\. Wallet: 🪙 150\./,
    );
    expect((await guild.prefix(guild.as.member, '!buy Gem')).text).to.match(/You bought 1 × \*\*Gem\*\*/);
    expect((await guild.prefix(guild.as.member, '!buy Gem 0')).text).to.match(/quantity must be from 1/);
    expect((await guild.slash(guild.as.member, 'buy', undefined, { item: 'Gem' })).text).to.match(
      /costs 🪙 100; your wallet holds 🪙 50/,
    );
    expect((await guild.slash(guild.as.member, 'buy', undefined, { item: 'Nothing' })).text).to.match(
      /no item called \*\*Nothing\*\*/,
    );
    expect((await guild.prefix(guild.as.member, '!sell Gem 2')).text).to.match(/sold 2 × \*\*Gem\*\* for 🪙 100\./);
    expect((await guild.slash(guild.as.member, 'sell', undefined, { item: 'Gem', quantity: 2 })).text).to.match(
      /You only own 1 × \*\*Gem\*\*/,
    );
    expect(await owned(guild.member.id)).to.deep.equal({ Gem: [1, false] });
    expect(await wallet(guild.member.id)).to.equal(150);
    const sellChoices = await guild.as.member.autocomplete(guild.generalChannelId, 'sell', {
      options: { item: '' },
      focused: 'item',
    });
    expect(sellChoices.map((choice) => choice.name)).to.deep.equal(['Gem']);
    await expectLedgerBalanced();
  });

  it('sells a limited item until it is sold out, exactly, even when members buy at once', async () => {
    await addItem({ name: 'Crown', type: 'COLLECTIBLE', price: '10', stock: 3 });
    const buyers = [guild.member, guild.moderator, guild.owner];
    for (let index = 0; index < 3; index++) {
      buyers.push(h.emu.createUser({ username: `buyer${index}` }));
      h.emu.addMember(guild.id, buyers.at(-1)!.id);
    }
    for (const buyer of buyers) await give(buyer.id, 100);
    const handles = await Promise.all(
      buyers.map((buyer) => h.emu.actor(buyer.id).slash(guild.generalChannelId, 'buy', { options: { item: 'Crown' } })),
    );
    const replies = (await Promise.all(handles.map((handle) => handle.reply()))).map((reply) => reply.content);
    expect(replies.filter((text) => text.startsWith('You bought'))).to.have.length(3);
    expect(replies.filter((text) => /sold out/.test(text))).to.have.length(3);
    const shop = await guild.slash(guild.as.member, 'shop', 'view');
    expect(shop.text).to.include('**sold out**');
    const [total] = (await container.database.query(`SELECT sum(balance) AS sum FROM economy WHERE guild_id = $1`, [
      guild.id,
    ])) as { sum: string }[];
    expect(total!.sum).to.equal(String(6 * 100 - 3 * 10));
    await expectLedgerBalanced();
  });

  it('grants the role of a ROLE item, and takes it back when sold', async () => {
    const vip = h.emu.createRole(guild.id, { name: 'VIP' });
    expect((await addItem({ name: 'VIP Pass', type: 'ROLE', price: '500', role: vip.id })).text).not.to.include('⚠️');
    await give(guild.member.id, 600);
    const bought = await guild.slash(guild.as.member, 'buy', undefined, { item: 'VIP Pass' });
    expect(bought.text).to.match(/You bought 1 × \*\*VIP Pass\*\* for 🪙 500\. You now have the <@&\d+> role\./);
    expect(memberRoles(guild.member.id)).to.include(vip.id);
    expect((await guild.slash(guild.as.member, 'buy', undefined, { item: 'VIP Pass' })).text).to.match(
      /already own \*\*VIP Pass\*\*/,
    );
    await guild.slash(guild.as.member, 'sell', undefined, { item: 'VIP Pass' });
    expect(memberRoles(guild.member.id)).not.to.include(vip.id);
    expect(await wallet(guild.member.id)).to.equal(350);

    // Buying the role three times at once buys it once.
    await give(guild.member.id, 1_150);
    const handles = await Promise.all(
      [1, 2, 3].map(() => guild.as.member.slash(guild.generalChannelId, 'buy', { options: { item: 'VIP Pass' } })),
    );
    const replies = (await Promise.all(handles.map((handle) => handle.reply()))).map((reply) => reply.content);
    expect(replies.filter((reply) => reply.startsWith('You bought'))).to.have.length(1);
    expect(await owned(guild.member.id)).to.deep.equal({ 'VIP Pass': [1, false] });
    expect(await wallet(guild.member.id)).to.equal(1_000);
    await expectLedgerBalanced();
  });

  it('rolls the purchase back when Discord refuses the role, and says why', async () => {
    const high = h.emu.createRole(guild.id, { name: 'Council', position: 5 });
    const added = await addItem({ name: 'Council Seat', type: 'ROLE', price: '100', role: high.id, stock: 2 });
    expect(added.text).to.match(/⚠️ I can't give <@&\d+> yet: I need \*\*Manage Roles\*\* and a role above it/);
    await give(guild.member.id, 100);
    const reply = await guild.slash(guild.as.member, 'buy', undefined, { item: 'Council Seat' });
    expect(reply.ephemeral).to.equal(true);
    expect(reply.text).to.match(
      /couldn't give you the role of \*\*Council Seat\*\*\. Discord refused: I need the \*\*Manage Roles\*\*/,
    );
    expect(memberRoles(guild.member.id)).not.to.include(high.id);
    expect(await wallet(guild.member.id)).to.equal(100);
    expect(await owned(guild.member.id)).to.deep.equal({});
    expect((await container.economy.shop.findItem(guild.id, 'Council Seat'))!.quantity).to.equal(2);
    const [purchases] = (await container.database.query(
      `SELECT count(*) AS count FROM economy_transaction WHERE guild_id = $1 AND type = 'PURCHASE'`,
      [guild.id],
    )) as { count: string }[];
    expect(purchases!.count).to.equal('0');
  });

  it('equips one badge and one background at a time, and unequips', async () => {
    await addItem({ name: 'Star', type: 'BADGE', price: '1' });
    await addItem({ name: 'Moon', type: 'BADGE', price: '1' });
    await addItem({ name: 'Sky', type: 'BACKGROUND', price: '1' });
    await addItem({ name: 'Rock', type: 'COLLECTIBLE', price: '1' });
    await give(guild.member.id, 10);
    for (const item of ['Star', 'Moon', 'Sky', 'Rock']) await guild.slash(guild.as.member, 'buy', undefined, { item });
    // Equipping both badges at once, with none equipped yet, always leaves exactly one badge equipped.
    for (let round = 0; round < 10; round++) {
      const handles = await Promise.all(
        ['Star', 'Moon'].map((item) => guild.as.member.slash(guild.generalChannelId, 'equip', { options: { item } })),
      );
      await Promise.all(handles.map((handle) => handle.reply()));
      const badges = await container.economy.shop.inventory(guild.id, guild.member.id);
      expect(badges.filter((item) => item.type === 'BADGE' && item.equipped)).to.have.length(1);
      await container.economy.shop.unequip(guild.id, guild.member.id);
    }
    expect((await guild.slash(guild.as.member, 'equip', undefined, { item: 'Star' })).text).to.match(
      /equipped \*\*Star\*\* as your badge/,
    );
    await guild.prefix(guild.as.member, '!equip sky');
    await guild.slash(guild.as.member, 'equip', undefined, { item: 'Moon' });
    expect(await owned(guild.member.id)).to.deep.equal({
      Moon: [1, true],
      Rock: [1, false],
      Sky: [1, true],
      Star: [1, false],
    });
    expect((await guild.slash(guild.as.member, 'equip', undefined, { item: 'Rock' })).text).to.match(
      /Only badges and backgrounds can be equipped/,
    );
    const inventory = await guild.slash(guild.as.member, 'inventory');
    expect(inventory.text).to.include('**Moon** × 1 · BADGE · ✅ equipped');
    const choices = await guild.as.member.autocomplete(guild.generalChannelId, 'equip', {
      options: { item: '' },
      focused: 'item',
    });
    expect(choices.map((choice) => choice.name)).to.deep.equal(['Moon', 'Sky', 'Star']);
    expect((await guild.slash(guild.as.member, 'unequip', undefined, { slot: 'badge' })).text).to.match(
      /You unequipped \*\*Moon\*\*\./,
    );
    for (const slot of ['constructor', '__proto__', 'toString']) {
      expect((await guild.prefix(guild.as.member, `!unequip ${slot}`)).text, slot).to.equal(
        'The slot is `badge` or `background` (or nothing for both).',
      );
    }
    expect((await guild.prefix(guild.as.member, '!unequip')).text).to.match(/You unequipped \*\*Sky\*\*\./);
    expect((await guild.prefix(guild.as.member, '!unequip')).text).to.match(/nothing equipped/);
    expect((await guild.prefix(guild.as.owner, `!inventory <@${guild.member.id}>`)).text).to.include('**Rock** × 1');
  });

  it('uses a consumable, announcing economyItemUsed, until none is left', async () => {
    await addItem({ name: 'Potion', type: 'CONSUMABLE', price: '5' });
    await addItem({ name: 'Rock', type: 'COLLECTIBLE', price: '1' });
    await give(guild.member.id, 20);
    await guild.slash(guild.as.member, 'buy', undefined, { item: 'Potion', quantity: 2 });
    await guild.slash(guild.as.member, 'buy', undefined, { item: 'Rock' });
    const events: EconomyItemUsedEvent[] = [];
    const listener = (event: EconomyItemUsedEvent) => events.push(event);
    container.client.on('economyItemUsed', listener);
    try {
      expect((await guild.slash(guild.as.member, 'use', undefined, { item: 'potion' })).text).to.match(
        /You used \*\*Potion\*\*\. 1 left\./,
      );
      expect((await guild.prefix(guild.as.member, '!use Potion')).text).to.match(/0 left/);
      expect((await guild.slash(guild.as.member, 'use', undefined, { item: 'Potion' })).text).to.match(
        /don't have any \*\*Potion\*\* left/,
      );
      expect((await guild.slash(guild.as.member, 'use', undefined, { item: 'Rock' })).text).to.match(
        /not something you can use/,
      );
    } finally {
      container.client.off('economyItemUsed', listener);
    }
    expect(events.map(({ userId, itemName, remaining }) => ({ userId, itemName, remaining }))).to.deep.equal([
      { userId: guild.member.id, itemName: 'Potion', remaining: 1 },
      { userId: guild.member.id, itemName: 'Potion', remaining: 0 },
    ]);
  });

  it('edits and removes items; owners keep removed items and can sell them', async () => {
    await addItem({ name: 'Relic', type: 'COLLECTIBLE', price: '100', stock: 1 });
    const edited = await guild.slash(guild.as.owner, 'shop', 'edit', { item: 'relic', price: '40', unlimited: true });
    expect(edited.text).to.match(/Updated \*\*Relic\*\*: 🪙 40, unlimited stock\./);
    expect((await guild.prefix(guild.as.owner, '!shop edit Relic stock 5')).text).to.match(/5 in stock/);
    await give(guild.member.id, 40);
    await guild.slash(guild.as.member, 'buy', undefined, { item: 'Relic' });
    expect((await guild.prefix(guild.as.owner, '!shop remove Relic')).text).to.match(/no longer for sale/);
    expect((await guild.slash(guild.as.member, 'shop', 'view')).text).to.include('The shop is empty');
    expect((await guild.slash(guild.as.member, 'buy', undefined, { item: 'Relic' })).text).to.match(/no item called/);
    expect((await guild.slash(guild.as.member, 'sell', undefined, { item: 'Relic' })).text).to.match(/for 🪙 20\./);
  });

  it('ranks members on /leaderboard economy by total, wallet or bank', async () => {
    await give(guild.member.id, 300);
    await give(guild.moderator.id, 200);
    await container.economy.deposit(guild.id, guild.moderator.id, { kind: 'exact', value: 150 });
    await give(guild.owner.id, 100);
    const byTotal = await guild.slash(guild.as.member, 'leaderboard', 'economy');
    expect(byTotal.text).to.match(
      new RegExp(`1\\.\\*\\* <@${guild.member.id}> — 🪙 300\\n\\*\\*2\\.\\*\\* <@${guild.moderator.id}> — 🪙 200`),
    );
    const byBank = await guild.slash(guild.as.member, 'leaderboard', 'economy', { by: 'bank' });
    expect(byBank.text).to.match(new RegExp(`1\\.\\*\\* <@${guild.moderator.id}> — 🪙 150`));
    expect(byBank.text).not.to.include(`<@${guild.member.id}>`);
    const balance = await guild.slash(guild.as.owner, 'balance');
    expect(balance.text).to.match(/Rank\n#3/);
  });

  it('refuses the shop and its autocomplete while the plugin is disabled', async () => {
    await addItem({ name: 'Apple', type: 'CONSUMABLE', price: '10' });
    await container.guildSettings.disablePlugin(guild.id, economy.name, guild.setupBy);
    expect((await guild.slash(guild.as.member, 'buy', undefined, { item: 'Apple' })).text).to.match(
      /\*\*economy\*\* plugin is disabled/,
    );
    const choices = await guild.as.member.autocomplete(guild.generalChannelId, 'buy', {
      options: { item: 'a' },
      focused: 'item',
    });
    expect(choices).to.deep.equal([]);
  });
});
