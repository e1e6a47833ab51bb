import { expect } from 'chai';
import { EmbedBuilder } from 'discord.js';
import {
  MAX_PAGE,
  pageMessage,
  parsePageButtonId,
  renderClamped,
  type PageRequest,
} from '../../src/plugin-kit/pagination';

const request: PageRequest = { guildId: '1', viewerId: '42', state: 'economy|bank', page: 1 };

function buttonsOf(message: ReturnType<typeof pageMessage>) {
  return (message.components ?? []).flatMap((row) =>
    'toJSON' in row
      ? (row.toJSON() as { components: { custom_id: string; label: string; disabled?: boolean }[] }).components
      : [],
  );
}

describe('pagination', () => {
  it('draws ◀ ▶ and "My page" buttons whose ids round-trip, with unique ids', () => {
    const message = pageMessage('leaderboard', request, { embed: new EmbedBuilder(), pageCount: 5, viewerPage: 3 });
    const buttons = buttonsOf(message);
    expect(buttons.map((button) => button.label)).to.deep.equal(['◀', '▶', 'My page']);
    expect(new Set(buttons.map((button) => button.custom_id)).size).to.equal(3);
    expect(buttons.map((button) => parsePageButtonId(button.custom_id)?.page)).to.deep.equal([0, 2, 3]);
    expect(parsePageButtonId(buttons[0]!.custom_id)).to.deep.equal({
      commandName: 'leaderboard',
      page: 0,
      ownerId: '42',
      state: 'economy|bank',
    });
    expect(message.embeds?.[0]).to.have.nested.property('data.footer.text', 'Page 2 of 5');
  });

  it('disables ◀ on the first page and ▶ on the last; one page has no buttons', () => {
    const first = buttonsOf(pageMessage('x', { ...request, page: 0 }, { embed: new EmbedBuilder(), pageCount: 2 }));
    expect(first.map((button) => Boolean(button.disabled))).to.deep.equal([true, false]);
    const last = buttonsOf(pageMessage('x', { ...request, page: 1 }, { embed: new EmbedBuilder(), pageCount: 2 }));
    expect(last.map((button) => Boolean(button.disabled))).to.deep.equal([false, true]);
    const single = pageMessage('x', { ...request, page: 0 }, { embed: new EmbedBuilder(), pageCount: 1 });
    expect(single.components).to.deep.equal([]);
  });

  it('refuses a state that would not fit in a button id, and ignores foreign or malformed ids', () => {
    expect(() =>
      pageMessage('x', { ...request, state: 'y'.repeat(90) }, { embed: new EmbedBuilder(), pageCount: 2 }),
    ).to.throw(/too long/);
    expect(parsePageButtonId('welcome:edit')).to.equal(null);
    expect(parsePageButtonId('pages:x:n-1:42:')).to.equal(null);
  });

  it('falls back to the last page when the list shrank', async () => {
    const asked: number[] = [];
    const command = {
      renderPage: (page: PageRequest) => {
        asked.push(page.page);
        return Promise.resolve({ embed: new EmbedBuilder(), pageCount: 2 });
      },
    };
    await renderClamped(command, { ...request, page: 7 });
    expect(asked).to.deep.equal([7, 1]);
  });
});

describe('pagination of page numbers beyond a list', () => {
  it('asks the command for at most MAX_PAGE pages, then shows the last page', async () => {
    const asked: number[] = [];
    const command = {
      renderPage: async ({ page }: PageRequest) => {
        asked.push(page);
        return { embed: new EmbedBuilder(), pageCount: 3 };
      },
    };
    await renderClamped(command, { ...request, page: 1e21 });
    await renderClamped(command, { ...request, page: -4 });
    expect(asked).to.deep.equal([MAX_PAGE - 1, 2, 0]);
  });
});
