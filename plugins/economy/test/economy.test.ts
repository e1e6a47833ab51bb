import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { InteractionResponseType, type APIMessage } from 'discord-api-types/v10';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import economy from '../index';
import type { EconomySettings } from '../settings';

describe('economy plugin end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['balance', 'pay', 'daily', 'shop', 'economy', 'transactions'], {
      timeoutMs: 15_000,
    });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, economy.name, guild.setupBy);
  });

  const set = (key: keyof EconomySettings, value: string) =>
    container.guildSettings.setPluginSetting(guild.id, economy.name, key, value, guild.setupBy);
  const wallet = async (userId: string) => (await container.economy.balance(guild.id, userId)).wallet;
  const bank = async (userId: string) => (await container.economy.balance(guild.id, userId)).bank;
  const give = (userId: string, amount: number) =>
    container.economy.credit(guild.id, userId, amount, { description: 'test money' });

  const buttonId = (message: APIMessage, label: string) =>
    (message.components![0] as { components: { custom_id: string; label: string }[] }).components.find(
      (button) => button.label === label,
    )!.custom_id;

  /** The `allowed_mentions` the bot sent with the message whose body contains `text`. */
  function allowedMentionsOf(text: string): unknown {
    const request = [...h.emu.requests].reverse().find((candidate) => JSON.stringify(candidate.body).includes(text));
    const body = request?.body as { allowed_mentions?: unknown; data?: { allowed_mentions?: unknown } } | undefined;
    return body?.data?.allowed_mentions ?? body?.allowed_mentions;
  }

  /** Per member: the ledger sums to wallet + bank. */
  async function expectLedgerBalanced() {
    const rows: { user_id: string; held: string; ledger: string | null }[] = await container.database.query(
      `SELECT e.user_id, e.balance + e.bank AS held, (SELECT sum(amount) FROM economy_transaction t WHERE t.economy_id = e.id) AS ledger
       FROM economy e WHERE e.guild_id = $1`,
      [guild.id],
    );
    for (const row of rows) expect(row.ledger ?? '0', `ledger of ${row.user_id}`).to.equal(row.held);
  }

  describe('balance, deposit and withdraw', () => {
    it('opens an account with the starting balance and shows wallet, bank, total, rank and streak', async () => {
      await set('startingBalance', '250');
      const reply = await guild.slash(guild.as.member, 'balance');
      expect(reply.text).to.include(`${guild.member.username}'s balance`);
      expect(reply.text).to.match(/Wallet\n🪙 250/);
      expect(reply.text).to.match(/Bank\n🪙 0/);
      expect(reply.text).to.match(/Total\n🪙 250/);
      expect(reply.text).to.match(/Rank\n#1/);
      expect(reply.text).to.match(/Daily streak\n0 days/);
      await set('currencyName', 'gems');
      expect(reply.reply.embeds[0]!.footer?.text).to.equal('Amounts in coins');
      const renamed = await guild.slash(guild.as.member, 'balance');
      expect(renamed.reply.embeds[0]!.footer?.text).to.equal('Amounts in gems');
      await expectLedgerBalanced();
    });

    it("shows another member's balance by prefix, and refuses a bot", async () => {
      await give(guild.owner.id, 1_234);
      const reply = await guild.prefix(guild.as.member, `!balance <@${guild.owner.id}>`);
      expect(reply.text).to.match(/Wallet\n🪙 1,234/);
      const bot = await guild.slash(guild.as.member, 'balance', undefined, { member: h.emu.botUserId });
      expect(bot.ephemeral).to.equal(true);
      expect(bot.text).to.match(/Bots have no wallet/);
    });

    it('deposits and withdraws exact amounts, `all`, `half` and `1k`', async () => {
      await give(guild.member.id, 5_000);
      expect((await guild.slash(guild.as.member, 'deposit', undefined, { amount: '1k' })).text).to.match(
        /Deposited 🪙 1,000\. Wallet: 🪙 4,000 · Bank: 🪙 1,000\./,
      );
      await guild.slash(guild.as.member, 'deposit', undefined, { amount: 'half' });
      expect([await wallet(guild.member.id), await bank(guild.member.id)]).to.deep.equal([2_000, 3_000]);
      await guild.prefix(guild.as.member, '!withdraw 2.5k');
      expect([await wallet(guild.member.id), await bank(guild.member.id)]).to.deep.equal([4_500, 500]);
      await guild.prefix(guild.as.member, '!deposit all');
      expect([await wallet(guild.member.id), await bank(guild.member.id)]).to.deep.equal([0, 5_000]);
      await expectLedgerBalanced();
    });

    const refusals: [string, RegExp][] = [
      ['lots', /`lots` is not an amount/],
      ['0', /more than zero/],
      ['-5', /must be positive/],
      ['1.5', /whole numbers/],
      ['99999999999999999999999999', /more than any balance can hold/],
      ['1e999', /not an amount/],
    ];
    for (const [amount, message] of refusals) {
      it(`refuses to deposit "${amount}" and changes nothing`, async () => {
        await give(guild.member.id, 100);
        const reply = await guild.slash(guild.as.member, 'deposit', undefined, { amount });
        expect(reply.ephemeral).to.equal(true);
        expect(reply.text).to.match(message);
        expect([await wallet(guild.member.id), await bank(guild.member.id)]).to.deep.equal([100, 0]);
      });
    }

    it('refuses `all` of an empty wallet, and more than the wallet holds', async () => {
      expect((await guild.slash(guild.as.member, 'deposit', undefined, { amount: 'all' })).text).to.match(
        /Your wallet is empty/,
      );
      expect((await guild.prefix(guild.as.member, '!withdraw all')).text).to.match(/Your bank is empty/);
      await give(guild.member.id, 10);
      expect((await guild.slash(guild.as.member, 'deposit', undefined, { amount: '11' })).text).to.match(
        /Your wallet only holds 🪙 10/,
      );
    });

    it('refuses a deposit that would pass the configured maximum', async () => {
      await set('maxBalance', '1000');
      await give(guild.member.id, 1_000);
      await guild.slash(guild.as.member, 'deposit', undefined, { amount: '600' });
      await give(guild.member.id, 600);
      const reply = await guild.slash(guild.as.member, 'deposit', undefined, { amount: '401' });
      expect(reply.text).to.match(/past the maximum of 🪙 1,000/);
      expect([await wallet(guild.member.id), await bank(guild.member.id)]).to.deep.equal([1_000, 600]);
      expect((await guild.slash(guild.as.member, 'daily')).text).to.match(/wallet is full/);
    });
  });

  describe('pay', () => {
    it('moves money wallet to wallet with a TRANSFER row on each side and the note', async () => {
      await give(guild.member.id, 500);
      const reply = await guild.slash(guild.as.member, 'pay', undefined, {
        member: guild.moderator.id,
        amount: '200',
        note: 'for pizza @everyone',
      });
      expect(reply.ephemeral).to.equal(false);
      expect(reply.text).to.match(/paid <@\d+> 🪙 200\. Your wallet: 🪙 300\.\n> for pizza @everyone/);
      // Only the payee may be pinged: never @everyone from the note.
      expect(allowedMentionsOf('for pizza')).to.deep.equal({ users: [guild.moderator.id] });
      expect(await wallet(guild.moderator.id)).to.equal(200);
      const rows: { user_id: string; type: string; amount: string; counterparty_id: string }[] =
        await container.database.query(
          `SELECT e.user_id, t.type, t.amount, t.counterparty_id FROM economy_transaction t
           JOIN economy e ON e.id = t.economy_id WHERE t.guild_id = $1 AND t.type = 'TRANSFER' ORDER BY t.amount`,
          [guild.id],
        );
      expect(rows).to.deep.equal([
        { user_id: guild.member.id, type: 'TRANSFER', amount: '-200', counterparty_id: guild.moderator.id },
        { user_id: guild.moderator.id, type: 'TRANSFER', amount: '200', counterparty_id: guild.member.id },
      ]);
      await expectLedgerBalanced();
    });

    it('pays by prefix with `all`', async () => {
      await give(guild.member.id, 70);
      const reply = await guild.prefix(guild.as.member, `!pay <@${guild.moderator.id}> all thanks`);
      expect(reply.text).to.match(/🪙 70/);
      expect([await wallet(guild.member.id), await wallet(guild.moderator.id)]).to.deep.equal([0, 70]);
    });

    it('refuses paying yourself, a bot, more than the wallet, and a bad amount', async () => {
      await give(guild.member.id, 50);
      const cases: [Record<string, string>, RegExp][] = [
        [{ member: guild.member.id, amount: '10' }, /cannot pay yourself/],
        [{ member: h.emu.botUserId, amount: '10' }, /cannot pay a bot/],
        [{ member: guild.moderator.id, amount: '51' }, /don't have 🪙 51 in your wallet/],
        [{ member: guild.moderator.id, amount: 'ten' }, /not an amount/],
      ];
      for (const [options, message] of cases) {
        const reply = await guild.slash(guild.as.member, 'pay', undefined, options);
        expect(reply.ephemeral).to.equal(true);
        expect(reply.text).to.match(message);
      }
      expect([await wallet(guild.member.id), await wallet(guild.moderator.id)]).to.deep.equal([50, 0]);
      await expectLedgerBalanced();
    });
  });

  describe('daily, weekly and work', () => {
    const backdate = (column: string, hoursAgo: number) =>
      container.database.query(
        `UPDATE economy SET ${column} = now() - $3 * interval '1 hour' WHERE guild_id = $1 AND user_id = $2`,
        [guild.id, guild.member.id, hoursAgo],
      );

    it('pays the daily reward once per window and says when the next one is due', async () => {
      const first = await guild.slash(guild.as.member, 'daily');
      expect(first.text).to.match(/claimed your daily reward of 🪙 100! Streak: 1 day\./);
      const second = await guild.prefix(guild.as.member, '!daily');
      expect(second.text).to.match(/already claimed your daily reward\. The next one is due <t:\d+:R>\./);
      expect(await wallet(guild.member.id)).to.equal(100);
    });

    it('grows the streak within the grace period, with the bonus, and resets it after', async () => {
      await set('dailyStreakBonus', '10');
      await guild.slash(guild.as.member, 'daily');
      await backdate('last_daily', 30);
      expect((await guild.slash(guild.as.member, 'daily')).text).to.match(/reward of 🪙 110! Streak: 2 days/);
      await backdate('last_daily', 30);
      expect((await guild.slash(guild.as.member, 'daily')).text).to.match(/reward of 🪙 120! Streak: 3 days/);
      expect((await guild.slash(guild.as.member, 'balance')).text).to.match(/Daily streak\n3 days/);
      await backdate('last_daily', 49);
      // A lapsed streak shows as lost before the next claim, not as the old number.
      expect((await guild.slash(guild.as.member, 'balance')).text).to.match(/Daily streak\n0 days/);
      expect((await guild.slash(guild.as.member, 'daily')).text).to.match(/reward of 🪙 100! Streak: 1 day\./);
      await expectLedgerBalanced();
    });

    it('caps the streak bonus', async () => {
      await set('dailyStreakBonus', '50');
      await set('maxStreakBonus', '60');
      await container.database.query(
        `INSERT INTO economy (guild_id, user_id, streak, last_daily) VALUES ($1, $2, 9, now() - interval '25 hours')`,
        [guild.id, guild.member.id],
      );
      expect((await guild.slash(guild.as.member, 'daily')).text).to.match(/reward of 🪙 160! Streak: 10 days/);
    });

    it('gives exactly one daily claim when the command arrives many times at once', async () => {
      const handles = await Promise.all(
        Array.from({ length: 8 }, () => guild.as.member.slash(guild.generalChannelId, 'daily')),
      );
      const replies = await Promise.all(handles.map((handle) => handle.reply()));
      expect(replies.filter((reply) => /^You claimed your daily reward/.test(reply.content))).to.have.length(1);
      expect(replies.filter((reply) => /already claimed/.test(reply.content))).to.have.length(7);
      expect(await wallet(guild.member.id)).to.equal(100);
      await expectLedgerBalanced();
    });

    it('defers the reply when the work takes long, and still tells the member', async () => {
      await container.economy.account(guild.id, guild.member.id);
      // Another command holds the member's row for 3.2 s, past Discord's 3-second deadline: /daily must defer to answer.
      const holder = container.database.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      await holder.query(`SELECT 1 FROM economy WHERE guild_id = $1 AND user_id = $2 FOR UPDATE`, [
        guild.id,
        guild.member.id,
      ]);
      const handle = await guild.as.member.slash(guild.generalChannelId, 'daily');
      setTimeout(() => void holder.commitTransaction().then(() => holder.release()), 3_200);
      expect((await handle.response(5_000)).type).to.equal(InteractionResponseType.DeferredChannelMessageWithSource);
      expect((await handle.reply(5_000)).content).to.match(/^You claimed your daily reward of 🪙 100!/);
    });

    it('weekly uses its own amount and window', async () => {
      await set('weeklyAmount', '700');
      expect((await guild.slash(guild.as.member, 'weekly')).text).to.match(/weekly reward of 🪙 700! Streak: 1 week\./);
      await backdate('last_weekly', 100);
      expect((await guild.slash(guild.as.member, 'weekly')).text).to.match(/next one is due <t:\d+:R>/);
      await backdate('last_weekly', 170);
      expect((await guild.prefix(guild.as.member, '!weekly')).text).to.match(/Streak: 2 weeks/);
    });

    it('refuses settings that contradict each other', async () => {
      let failure: unknown;
      await set('workMin', '500').catch((error: unknown) => (failure = error));
      expect(String((failure as Error).message)).to.match(/workMin must not exceed workMax/);
      const reply = await guild.slash(guild.as.owner, 'plugins', 'config', {
        plugin: economy.name,
        setting: 'startingBalance',
        value: '2000000000000',
      });
      expect(reply.text).to.match(/startingBalance must not exceed maxBalance/);
    });

    it('work pays within the configured range once per cooldown', async () => {
      await set('workMin', '40');
      await set('workMax', '45');
      const reply = await guild.slash(guild.as.member, 'work');
      const pay = Number(/earned 🪙 (\d+)/.exec(reply.text)![1]);
      expect(pay).to.be.within(40, 45);
      expect((await guild.prefix(guild.as.member, '!work')).text).to.match(/work again <t:\d+:R>/);
      await backdate('last_work', 2);
      await guild.slash(guild.as.member, 'work');
      expect(await wallet(guild.member.id)).to.be.within(80, 90);
      await expectLedgerBalanced();
    });
  });

  describe('admin adjustments', () => {
    it('gives, takes and resets with the admin and reason in the ledger', async () => {
      const gave = await guild.slash(guild.as.owner, 'economy', 'give', {
        member: guild.member.id,
        amount: '1k',
        reason: 'event prize',
      });
      expect(gave.text).to.match(/Gave <@\d+> 🪙 1,000\. Their wallet: 🪙 1,000\. Reason: event prize/);
      await guild.prefix(guild.as.owner, `!economy take <@${guild.member.id}> 300 spam penalty`);
      expect(await wallet(guild.member.id)).to.equal(700);
      const refused = await guild.slash(guild.as.owner, 'economy', 'take', {
        member: guild.member.id,
        amount: '701',
        reason: 'too much',
      });
      expect(refused.text).to.match(/only holds 🪙 700/);
      await guild.slash(guild.as.owner, 'economy', 'reset', { member: guild.member.id, amount: '50', reason: 'alt' });
      expect([await wallet(guild.member.id), await bank(guild.member.id)]).to.deep.equal([50, 0]);
      const rows: { amount: string; actor_id: string; description: string }[] = await container.database.query(
        `SELECT amount, actor_id, description FROM economy_transaction WHERE guild_id = $1 AND type = 'ADMIN' ORDER BY id`,
        [guild.id],
      );
      expect(rows).to.deep.equal([
        { amount: '1000', actor_id: guild.owner.id, description: 'event prize' },
        { amount: '-300', actor_id: guild.owner.id, description: 'spam penalty' },
        { amount: '-650', actor_id: guild.owner.id, description: 'Reset: alt' },
      ]);
      await expectLedgerBalanced();
    });

    it('refuses members without the permission', async () => {
      const reply = await guild.slash(guild.as.member, 'economy', 'give', {
        member: guild.member.id,
        amount: '10',
        reason: 'me',
      });
      expect(reply.text).to.match(/MANAGE_BOT_SETTINGS/);
      expect(await wallet(guild.member.id)).to.equal(0);
    });
  });

  describe('transactions', () => {
    it('pages the ledger newest first; others need VIEW_USER_INFO', async () => {
      for (let index = 1; index <= 12; index++) await give(guild.member.id, index);
      const handle = await guild.as.member.slash(guild.generalChannelId, 'transactions');
      const first = await handle.reply();
      const text = first.embeds[0]!.description!;
      expect(text.indexOf('+ 🪙 12')).to.be.lessThan(text.indexOf('+ 🪙 11'));
      expect(text).not.to.include('+ 🪙 2**');
      expect(first.embeds[0]!.footer?.text).to.equal('Page 1 of 2');
      const turned = await (await guild.as.member.clickButton(first, buttonId(first, '▶'))).reply();
      expect(turned.embeds[0]!.description).to.include('+ 🪙 1** · REWARD · test money');
      expect(turned.embeds[0]!.footer?.text).to.equal('Page 2 of 2');

      const refused = await guild.slash(guild.as.member, 'transactions', undefined, { member: guild.owner.id });
      expect(refused.text).to.match(/VIEW_USER_INFO/);
      const allowed = await guild.slash(guild.as.owner, 'transactions', undefined, { member: guild.member.id });
      expect(allowed.text).to.include('+ 🪙 12');
      expect((await guild.prefix(guild.as.owner, `!transactions <@${guild.member.id}>`)).text).to.include('+ 🪙 12');
      // A page button of someone else's ledger is checked again for whoever clicks it.
      const outsider = h.emu.createUser({ username: 'outsider' });
      h.emu.addMember(guild.id, outsider.id);
      await eventually(
        () => container.client.guilds.cache.get(guild.id)?.members.cache.has(outsider.id) ?? false,
        'the bot to see the outsider',
      );
      const click = await h.emu.actor(outsider.id).clickButton(allowed.reply, buttonId(allowed.reply, '▶'));
      expect((await click.reply()).content).to.match(/VIEW_USER_INFO/);
    });
  });

  it('refuses every command while the plugin is disabled', async () => {
    await container.guildSettings.disablePlugin(guild.id, economy.name, guild.setupBy);
    expect((await guild.slash(guild.as.member, 'balance')).text).to.match(/\*\*economy\*\* plugin is disabled/);
    expect((await guild.prefix(guild.as.member, '!daily')).text).to.match(/\*\*economy\*\* plugin is disabled/);
  });

  it('money goes only to members of this server: pay and give refuse a user who is not one (issue 14)', async () => {
    await give(guild.member.id, 500);
    const outsider = h.emu.createUser({ username: 'outsider' });
    const pay = await guild.slash(guild.as.member, 'pay', undefined, { member: outsider.id, amount: '100' });
    expect(pay.text).to.equal('**outsider** is not a member of this server: money goes only to its members.');
    const prefixPay = await guild.prefix(guild.as.member, `!pay <@${outsider.id}> 100`);
    expect(prefixPay.text).to.equal(pay.text);
    const given = await guild.slash(guild.as.owner, 'economy', 'give', {
      member: outsider.id,
      amount: '100',
      reason: 'gift',
    });
    expect(given.text).to.equal(pay.text);
    expect(await wallet(guild.member.id)).to.equal(500);
    expect(await wallet(outsider.id)).to.equal(0);
  });
});
