import { resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { onBothDatabases } from '#test/helpers/database';
import { KbRepository } from '../services/KbRepository';

const plugins = discoverPlugins([resolve(__dirname, '../..')]);
const GUILD = '111111111111111111';
const OTHER = '222222222222222222';
const AUTHOR = '333333333333333333';

/** The KB's SQL (full text, trigrams, prefix autocomplete, ratings) on both databases the bot runs on. */
function searchTests(open: () => Promise<{ dataSource: DataSource; close: () => Promise<void> }>) {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let repository: KbRepository;
  const ids: Record<string, number> = {};

  before(async function () {
    this.timeout(120_000);
    ({ dataSource, close } = await open());
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    repository = new KbRepository(dataSource);
    const entries = [
      ['Printer offline', 'Turn it off and on again, then check the cable.', 'hardware', ['printer']],
      ['Paper jam', 'Open tray two; the printer shows where the paper is stuck.', 'hardware', []],
      ['VPN setup', 'Install the client from the portal and sign in.', 'network', ['vpn', 'remote']],
      ['Wi-Fi password', 'The guest network password is on the fridge.', 'network', ['wifi']],
      ['100% CPU_usage', 'Close the browser tabs.', null, []],
    ] as const;
    for (const [title, content, category, tags] of entries) {
      ids[title] = await repository.insert(GUILD, { title, content, category, tags: [...tags] }, AUTHOR);
    }
    await repository.insert(
      OTHER,
      { title: 'Printer elsewhere', content: 'printer', category: null, tags: [] },
      AUTHOR,
    );
    await repository.addAlias(GUILD, ids['Wi-Fi password']!, 'wlan', AUTHOR);
  });

  after(async () => {
    await dataSource?.destroy();
    await close?.();
  });

  it('ranks full-text matches, the title above the content, within one guild', async () => {
    const hits = await repository.search(GUILD, 'printer');
    expect(hits.filter((hit) => hit.textMatch).map((hit) => hit.title)).to.deep.equal(['Printer offline', 'Paper jam']);
  });

  it('matches stemmed words, tags and categories', async () => {
    expect((await repository.search(GUILD, 'installing clients')).map((hit) => hit.title)).to.deep.equal(['VPN setup']);
    expect((await repository.search(GUILD, 'remote')).map((hit) => hit.title)).to.deep.equal(['VPN setup']);
    expect((await repository.search(GUILD, 'network')).map((hit) => hit.title).sort()).to.deep.equal([
      'VPN setup',
      'Wi-Fi password',
    ]);
  });

  it('finds a title from a typo by trigram similarity, without a full-text match', async () => {
    const hits = await repository.search(GUILD, 'printr');
    expect(hits.map((hit) => [hit.title, hit.textMatch])).to.deep.equal([['Printer offline', false]]);
  });

  it('autocompletes title and alias prefixes (wildcards typed are literal), then close titles', async () => {
    expect(await repository.autocomplete(GUILD, 'p')).to.deep.equal(['Paper jam', 'Printer offline']);
    expect(await repository.autocomplete(GUILD, 'wl')).to.deep.equal(['wlan']);
    expect(await repository.autocomplete(GUILD, '100%')).to.deep.equal(['100% CPU_usage']);
    expect(await repository.autocomplete(GUILD, '1_0')).to.deep.equal([]);
    expect(await repository.autocomplete(GUILD, 'pasword')).to.deep.equal(['Wi-Fi password']);
    expect(await repository.idByName(GUILD, 'WLAN')).to.equal(ids['Wi-Fi password']);
  });

  it('suggests the entry whose title a message contains, above the threshold only, many messages at once', async () => {
    const [offline, nothing, strict, otherGuild] = await repository.bestAnswers([
      { guildId: GUILD, message: 'hi, my printer is offline again', threshold: 0.6 },
      { guildId: GUILD, message: 'what a nice day it is today', threshold: 0.6 },
      { guildId: GUILD, message: 'my printr is offline', threshold: 1 },
      { guildId: '1', message: 'hi, my printer is offline again', threshold: 0.6 },
    ]);
    expect(offline).to.include({ id: ids['Printer offline'] });
    expect([nothing, strict, otherGuild]).to.deep.equal([null, null, null]);
    expect(await repository.bestAnswers([])).to.deep.equal([]);
  });

  it('answers each of the same words asked several times in one call, guild by guild', async () => {
    const asked = { guildId: GUILD, message: 'my printer is offline', threshold: 0.6 };
    const answers = await repository.bestAnswers([asked, { ...asked, guildId: '1' }, asked, { ...asked }]);
    expect(answers.map((answer) => answer?.id ?? null)).to.deep.equal([
      ids['Printer offline'],
      null,
      ids['Printer offline'],
      ids['Printer offline'],
    ]);
    expect(answers[0]).to.not.equal(answers[2]);
  });

  it('keeps the average exact under concurrent and changed ratings', async () => {
    const id = ids['Paper jam']!;
    const scores = Array.from({ length: 40 }, (_, index) => (index % 5) + 1);
    await Promise.all(
      scores.map((score, index) =>
        repository.rate(GUILD, id, `4000000000000000${String(index).padStart(2, '0')}`, score),
      ),
    );
    await Promise.all(
      scores.map((_, index) => repository.rate(GUILD, id, `4000000000000000${String(index).padStart(2, '0')}`, 5)),
    );
    const last = await repository.rate(GUILD, id, '400000000000000000', 1);
    expect(last).to.deep.equal({ rating: (39 * 5 + 1) / 40, ratingCount: 40, authorId: AUTHOR });
    // One member's first ratings racing (a double click on a suggestion's button): one rating, the last one kept.
    const raced = ids['Printer offline']!;
    const racing = await Promise.all(
      [5, 1, 5, 1, 5].map((score) => repository.rate(GUILD, raced, '400000000000000099', score)),
    );
    expect(racing.map((result) => result!.ratingCount)).to.deep.equal([1, 1, 1, 1, 1]);
    const [{ count, sum }] = await dataSource.query<{ count: number; sum: number }[]>(
      'SELECT rating_count AS count, rating_sum AS sum FROM knowledge_base WHERE id = $1',
      [raced],
    );
    expect(count).to.equal(1);
    expect([1, 5]).to.include(sum);
    expect(await repository.rate(OTHER, id, AUTHOR, 3)).to.equal(null);
  });
}

describe('kb search SQL', function () {
  this.timeout(120_000);

  onBothDatabases('kbsearch', plugins, searchTests);
});
