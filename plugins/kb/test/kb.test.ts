import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { createTestGuild, harness, textOf, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import { KB_ADD_MODAL } from '../ids';
import kb from '../index';

type Actor = TestGuild['as']['member'];

describe('kb plugin end to end', function () {
  this.timeout(60_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.updateConfig(guild.id, 'g', { modRoleId: guild.modRoleId }, guild.setupBy);
    await container.guildSettings.enablePlugin(guild.id, kb.name, guild.setupBy);
  });

  interface Row {
    id: number;
    content: string;
    use_count: number;
    rating: number;
    rating_count: number;
    rating_sum: number;
    is_verified: boolean;
  }
  const entryRow = async (title: string): Promise<Row | undefined> =>
    (
      await container.database.query<Row[]>(
        `SELECT id, content, use_count, rating, rating_count, rating_sum, is_verified FROM knowledge_base
         WHERE guild_id = $1 AND lower(title) = lower($2)`,
        [guild.id, title],
      )
    )[0];
  const entryCount = async () =>
    (
      await container.database.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM knowledge_base WHERE guild_id = $1',
        [guild.id],
      )
    )[0]!.n;

  const seed = (title: string, content: string, category: string | null = null, tags: string[] = []) =>
    container.kb.add(guild.id, { title, content, category, tags }, guild.owner.id);

  /** `/kb add` and its modal, as `actor`; resolves with the reply to the form. */
  async function addByModal(
    actor: Actor,
    fields: { title: string; content: string; category?: string; tags?: string },
  ) {
    const command = await actor.slash(guild.generalChannelId, 'kb', { subcommand: 'add' });
    expect((await command.modal()).custom_id).to.equal(KB_ADD_MODAL);
    const submitted = await actor.submitModal(command, KB_ADD_MODAL, { category: '', tags: '', ...fields });
    const reply = await submitted.reply();
    return { content: reply.content, ephemeral: submitted.ephemeral };
  }

  const autocomplete = (actor: Actor, typed: string, subcommand = 'show') =>
    actor
      .autocomplete(guild.generalChannelId, 'kb', { subcommand, options: { entry: typed }, focused: 'entry' })
      .then((choices) => choices.map((choice) => choice.value));

  it('adds an entry with the modal, shows it by title and alias (counting uses), and autocompletes both', async () => {
    const added = await addByModal(guild.as.moderator, {
      title: 'Printer offline',
      content: 'Turn it off and on again, then check the cable.',
      category: 'Hardware',
      tags: 'printer, #office',
    });
    expect(added.content).to.match(/^Added \*\*Printer offline\*\*/);
    expect(added.ephemeral).to.equal(true);

    const shown = await guild.slash(guild.as.member, 'kb', 'show', { entry: 'printer OFFLINE' });
    expect(shown.text).to.include('Printer offline').and.include('Turn it off and on again');
    expect(shown.reply.embeds[0]!.footer!.text).to.include('in hardware').and.include('#printer #office');
    expect(shown.ephemeral).to.equal(false);

    const alias = await guild.as.moderator.slash(guild.generalChannelId, 'kb', {
      group: 'alias',
      subcommand: 'add',
      options: { entry: 'Printer offline', alias: 'nopaper' },
    });
    expect((await alias.reply()).content).to.equal('**nopaper** now also shows **Printer offline**.');
    const viaAlias = await guild.prefix(guild.as.member, '!kb nopaper');
    expect(viaAlias.text).to.include('Turn it off and on again');
    expect((await entryRow('Printer offline'))!.use_count).to.equal(2);

    expect(await autocomplete(guild.as.member, 'pri')).to.deep.equal(['Printer offline']);
    expect(await autocomplete(guild.as.member, 'nop')).to.deep.equal(['nopaper']);
    expect(await autocomplete(guild.as.member, 'printr')).to.deep.equal(['Printer offline']);

    const removed = await guild.as.moderator.slash(guild.generalChannelId, 'kb', {
      group: 'alias',
      subcommand: 'remove',
      options: { alias: 'NOPAPER' },
    });
    expect((await removed.reply()).content).to.equal('Removed the alias **nopaper** of **Printer offline**.');
    expect((await guild.prefix(guild.as.member, '!kb nopaper')).text).to.match(
      /^There is no entry called \*\*nopaper\*\*/,
    );
  });

  it('refuses a member without CREATE_KB, an empty title, content over 2,000 characters and a duplicate title', async () => {
    const denied = await guild.slash(guild.as.member, 'kb', 'add');
    expect(denied.text).to.equal(
      'You need the **CREATE_KB** permission for that. A server admin can grant it with `/permissions grant`.',
    );
    expect(denied.ephemeral).to.equal(true);

    const empty = await addByModal(guild.as.moderator, { title: '   ', content: 'Something' });
    expect(empty.content).to.equal('The entry needs a title.');
    expect(empty.ephemeral).to.equal(true);

    const long = await addByModal(guild.as.moderator, { title: 'Long', content: 'x'.repeat(2001) });
    expect(long.content).to.match(/^The content is 2001 characters long; Discord shows at most 2000/);

    await seed('VPN setup', 'Install the client.');
    const duplicate = await addByModal(guild.as.moderator, { title: 'vpn SETUP', content: 'Another' });
    expect(duplicate.content).to.match(/^An entry called \*\*VPN setup\*\* already exists/);
    const prefixDuplicate = await guild.prefix(guild.as.moderator, '!kb add Vpn Setup | again');
    expect(prefixDuplicate.text).to.match(/^An entry called \*\*VPN setup\*\* already exists/);
    expect(await entryCount()).to.equal(1);
  });

  it('answers an unknown entry, and refuses edit, delete and verify without their permissions', async () => {
    await seed('Wifi password', 'Ask at the desk.');
    const unknown = await guild.slash(guild.as.member, 'kb', 'show', { entry: 'Nope' });
    expect(unknown.text).to.equal('There is no entry called **Nope**. Try `/kb search Nope`.');
    expect(unknown.ephemeral).to.equal(true);
    for (const [sub, permission] of [
      ['edit', 'EDIT_KB'],
      ['delete', 'DELETE_KB'],
      ['verify', 'VERIFY_KB'],
    ] as const) {
      const refused = await guild.slash(guild.as.member, 'kb', sub, { entry: 'Wifi password' });
      expect(refused.text).to.include(`You need the **${permission}** permission`);
    }
    const rateUnknown = await guild.slash(guild.as.member, 'kb', 'rate', { entry: 'Nope', rating: 3 });
    expect(rateUnknown.text).to.match(/^There is no entry called \*\*Nope\*\*/);
  });

  it('edits with the prefilled modal, verifies and unverifies, deletes', async () => {
    await seed('Wifi password', 'Ask at the desk.', 'network', ['wifi']);
    const edit = await guild.as.moderator.slash(guild.generalChannelId, 'kb', {
      subcommand: 'edit',
      options: { entry: 'wifi password' },
    });
    const modal = await edit.modal();
    const values = modal.components.flatMap((row) =>
      'components' in row ? row.components.map((input) => ('value' in input ? input.value : undefined)) : [],
    );
    expect(values).to.deep.equal(['Wifi password', 'Ask at the desk.', 'network', 'wifi']);
    const submitted = await guild.as.moderator.submitModal(edit, modal.custom_id, {
      title: 'Wi-Fi password',
      content: 'It is on the fridge.',
      category: 'network',
      tags: 'wifi, guest',
    });
    expect((await submitted.reply()).content).to.match(/^Updated \*\*Wi-Fi password\*\*/);
    expect((await entryRow('Wi-Fi password'))!.content).to.equal('It is on the fridge.');

    const verified = await guild.slash(guild.as.moderator, 'kb', 'verify', { entry: 'Wi-Fi password' });
    expect(verified.text).to.equal('**Wi-Fi password** is now verified.');
    expect((await entryRow('Wi-Fi password'))!.is_verified).to.equal(true);
    expect(
      (await guild.slash(guild.as.member, 'kb', 'show', { entry: 'wi-fi password' })).reply.embeds[0]!.footer!.text,
    ).to.match(/^✔ verified/);
    await guild.slash(guild.as.moderator, 'kb', 'unverify', { entry: 'Wi-Fi password' });
    expect((await entryRow('Wi-Fi password'))!.is_verified).to.equal(false);

    const prefixEdit = await guild.prefix(guild.as.moderator, '!kb edit Wi-Fi password | Written on the router.');
    expect(prefixEdit.text).to.equal('Updated **Wi-Fi password**.');

    const deleted = await guild.slash(guild.as.moderator, 'kb', 'delete', { entry: 'wi-fi PASSWORD' });
    expect(deleted.text).to.equal('Deleted **Wi-Fi password**.');
    expect(await entryCount()).to.equal(0);
  });

  it('searches by words and typos, ranks title matches first, says "did you mean" and counts misses in stats', async () => {
    await seed('Printer offline', 'Turn it off and on again.', 'hardware', ['printer']);
    await seed('Paper jam', 'Open tray two; the printer shows where the paper is stuck.', 'hardware');
    await seed('VPN setup', 'Install the client from the portal.', 'network');

    const found = await guild.slash(guild.as.member, 'kb', 'search', { query: 'printer' });
    const lines = found.reply.embeds[0]!.description!.split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^1\. \*\*Printer offline\*\*/);
    expect(lines[1]).to.match(/^2\. \*\*Paper jam\*\*/);

    const typo = await guild.slash(guild.as.member, 'kb', 'search', { query: 'printr' });
    expect(typo.text).to.equal('Nothing matches **printr**. Did you mean **Printer offline**?');
    expect(typo.ephemeral).to.equal(true);
    await guild.slash(guild.as.member, 'kb', 'search', { query: 'printr' });
    const nothing = await guild.prefix(guild.as.member, '!kb search coffee machine');
    expect(nothing.text).to.equal('Nothing matches **coffee machine**.');

    await guild.slash(guild.as.member, 'kb', 'show', { entry: 'VPN setup' });
    await guild.slash(guild.as.member, 'kb', 'rate', { entry: 'Paper jam', rating: 4 });
    const stats = await guild.slash(guild.as.member, 'kb', 'stats');
    expect(stats.text).to.include('3 entries (0 verified), shown 1 times.');
    expect(stats.text).to.include('**VPN setup** — 1×');
    expect(stats.text).to.include('**Paper jam** — ★ 4.00 (1)');
    expect(stats.text).to.include('**printr** — 2×').and.include('**coffee machine** — 1×');
  });

  it('lists entries by category and tag, in pages', async () => {
    for (let index = 1; index <= 12; index += 1) {
      await seed(
        `Howto ${String(index).padStart(2, '0')}`,
        `Step ${index}.`,
        index <= 11 ? 'guides' : 'misc',
        index % 2 ? ['odd'] : [],
      );
    }
    const all = await guild.slash(guild.as.member, 'kb', 'list');
    expect(all.text).to.include('Knowledge base (12)');
    expect(all.reply.embeds[0]!.footer!.text).to.equal('Page 1 of 2');
    const row = all.reply.components![0] as unknown as { components: { custom_id: string; label: string }[] };
    const next = await guild.as.member.clickButton(
      all.reply,
      row.components.find((button) => button.label === '▶')!.custom_id,
    );
    expect(textOf(await next.reply()))
      .to.include('Howto 11')
      .and.include('Howto 12');

    const odd = await guild.slash(guild.as.member, 'kb', 'list', { category: 'Guides', tag: '#odd' });
    expect(odd.text).to.include('Knowledge base — category guides, tag #odd (6)');
    const none = await guild.prefix(guild.as.member, '!kb list nothing');
    expect(none.text).to.include('No entries match.');
  });

  it('rates once per member, changeable, and refuses a rating out of range', async () => {
    await seed('Printer offline', 'Turn it off and on again.');
    expect((await guild.slash(guild.as.member, 'kb', 'rate', { entry: 'Printer offline', rating: 2 })).text).to.equal(
      'You rated **Printer offline** 2/5. It is now ★ 2.00 (1).',
    );
    await guild.slash(guild.as.moderator, 'kb', 'rate', { entry: 'Printer offline', rating: 5 });
    const changed = await guild.slash(guild.as.member, 'kb', 'rate', { entry: 'Printer offline', rating: 4 });
    expect(changed.text).to.equal('You rated **Printer offline** 4/5. It is now ★ 4.50 (2).');

    const prefixOut = await guild.prefix(guild.as.member, '!kb rate Printer offline 7');
    expect(prefixOut.text).to.equal('A rating is a whole number from 1 to 5.');
    const slashOut = await guild.as.member
      .slash(guild.generalChannelId, 'kb', { subcommand: 'rate', options: { entry: 'Printer offline', rating: 0 } })
      .catch((error: Error) => error);
    expect(String(slashOut)).to.match(/option "rating" is below 1/); // Discord itself refuses: min_value 1
    expect(await entryRow('Printer offline')).to.include({ rating_count: 2, rating_sum: 9, rating: 4.5 });
  });

  it('keeps the average exact when many members rate at once', async () => {
    await seed('Busy entry', 'Everyone rates this.');
    const raters = Array.from({ length: 24 }, (_, index) => {
      const user = h.emu.createUser({ username: `rater${index}-${guild.id.slice(-4)}` });
      h.emu.addMember(guild.id, user.id);
      return { actor: h.emu.actor(user.id), userId: user.id, score: (index % 5) + 1 };
    });
    await eventually(
      () => raters.every(({ userId }) => container.client.guilds.cache.get(guild.id)!.members.cache.has(userId)),
      'the bot to see the raters',
    );
    // Everyone rates at once, then a third change their mind at once.
    await Promise.all(
      raters.map(({ actor, score }) => guild.slash(actor, 'kb', 'rate', { entry: 'Busy entry', rating: score })),
    );
    const changers = raters.filter((_, index) => index % 3 === 0);
    await Promise.all(
      changers.map(({ actor }) => guild.slash(actor, 'kb', 'rate', { entry: 'Busy entry', rating: 5 })),
    );
    const finalScores = raters.map((rater, index) => (index % 3 === 0 ? 5 : rater.score));
    const sum = finalScores.reduce((total, score) => total + score, 0);
    const row = (await entryRow('Busy entry'))!;
    expect(row).to.include({ rating_count: raters.length, rating_sum: sum });
    expect(row.rating).to.equal(sum / raters.length);
  });

  it('exports and imports the entries as JSON; a bad file changes nothing and says what is wrong', async () => {
    await seed('Printer offline', 'Turn it off and on again.', 'hardware', ['printer']);
    await container.kb.addAlias(guild.id, 'Printer offline', 'noprint', guild.owner.id);
    const exported = await guild.slash(guild.as.owner, 'kb', 'export');
    expect(exported.text).to.equal('1 entries.');
    const file = h.emu.world.findMessage(exported.reply.id)!.files.values().next().value!.data.toString('utf8');
    const parsed = JSON.parse(file) as { version: number; entries: { title: string; aliases: string[] }[] };
    expect(parsed.version).to.equal(1);
    expect(parsed.entries).to.deep.equal([
      {
        title: 'Printer offline',
        content: 'Turn it off and on again.',
        category: 'hardware',
        tags: ['printer'],
        isVerified: false,
        aliases: ['noprint'],
      },
    ]);

    const bad = JSON.stringify({
      version: 1,
      entries: [
        { title: 'Ok', content: 'fine' },
        { title: '', content: 'x' },
      ],
    });
    const refused = await guild.slash(guild.as.owner, 'kb', 'import', {
      file: { name: 'kb.json', data: bad, contentType: 'application/json' },
    });
    expect(refused.text).to.equal('Nothing was imported: `entries.1.title` is empty.');
    const notJson = await guild.slash(guild.as.owner, 'kb', 'import', { file: { name: 'kb.json', data: '{oops' } });
    expect(notJson.text).to.match(/^Nothing was imported: The file is not valid JSON/);
    const clash = JSON.stringify({
      version: 1,
      entries: [
        { title: 'New one', content: 'x', aliases: ['twice'] },
        { title: 'Other', content: 'y', aliases: ['TWICE'] },
      ],
    });
    const clashing = await guild.slash(guild.as.owner, 'kb', 'import', { file: { name: 'kb.json', data: clash } });
    expect(clashing.text).to.equal(
      'Nothing was imported: `entries.1.aliases` "TWICE" is already used at `entries.0.aliases`.',
    );
    expect(await entryCount()).to.equal(1);

    const member = await guild.slash(guild.as.moderator, 'kb', 'export');
    expect(member.text).to.include('You need the **MANAGE_BOT_SETTINGS** permission');

    // Into another guild: the whole file round-trips.
    const other = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(other.id, kb.name, other.setupBy);
    const good = JSON.stringify({
      ...parsed,
      entries: [...parsed.entries, { title: 'VPN setup', content: 'Use the portal.', isVerified: true }],
    });
    const imported = await other.slash(other.as.owner, 'kb', 'import', { file: { name: 'kb.json', data: good } });
    expect(imported.text).to.equal('Imported **kb.json**: 2 entries added, 0 replaced.');
    expect((await other.prefix(other.as.member, '!kb noprint')).text).to.include('Turn it off and on again.');
    const again = await other.slash(other.as.owner, 'kb', 'import', { file: { name: 'kb.json', data: good } });
    expect(again.text).to.equal('Imported **kb.json**: 0 entries added, 2 replaced.');
  });

  it('answers the short trigger, refuses one that clashes with the prefix, and never pings', async () => {
    await seed('Printer offline', 'Hey @everyone and <@&123456789012345678>: turn it off and on again.');
    const clash = await guild.slash(guild.as.owner, 'kb', 'trigger', { trigger: '!!' });
    expect(clash.text).to.match(/^`!!` would clash with the command prefix `!`/);
    const set = await guild.slash(guild.as.owner, 'kb', 'trigger', { trigger: '?' });
    expect(set.text).to.equal('`?printer` now shows the entry "printer".');
    expect((await kb.settings(guild.id)).trigger).to.equal('?');

    h.emu.mark();
    const shown = await guild.prefix(guild.as.member, '?printer offline');
    expect(shown.text).to.include('turn it off and on again');
    const request = await h.emu.waitForRequest({ method: 'POST', route: '/channels/:channelId/messages' });
    expect((request.body as { allowed_mentions?: unknown }).allowed_mentions).to.deep.equal({ parse: [] });
    expect(shown.reply.mention_everyone).to.equal(false);

    // Unknown names stay silent, like tags; a command with the prefix still runs as a command.
    await guild.as.member.say(guild.generalChannelId, '?nothing here');
    const status = await guild.prefix(guild.as.member, '!kb Printer offline');
    expect(status.text).to.include('turn it off and on again');
    expect((await entryRow('Printer offline'))!.use_count).to.equal(2);
  });

  it('refuses commands and offers no autocomplete when the plugin is disabled', async () => {
    await seed('Printer offline', 'Turn it off and on again.');
    expect(await autocomplete(guild.as.member, 'pri')).to.deep.equal(['Printer offline']);
    await container.guildSettings.disablePlugin(guild.id, kb.name, guild.setupBy);
    const refused = await guild.slash(guild.as.member, 'kb', 'show', { entry: 'Printer offline' });
    expect(refused.text).to.match(/\*\*kb\*\* plugin is disabled/);
    expect((await guild.prefix(guild.as.member, '!kb Printer offline')).text).to.match(/\*\*kb\*\* plugin is disabled/);
    expect(await autocomplete(guild.as.member, 'pri')).to.deep.equal([]);
  });
});
