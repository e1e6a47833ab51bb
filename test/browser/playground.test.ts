import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot } from '../helpers/browser';
import { runBotProcess, type BotProcess } from '../helpers/process';
import { TEST_REDIS_URL, uniqueRedisNamespace } from '../helpers/redis';
import { eventually } from '../helpers/wait';

/** How long the page may take to show what the bot did (the bot answers within a second or two). */
const SHOWN_MS = 10_000;

describe('sandbox playground in a real browser (npm start without a token)', function () {
  let dataDir: string;
  let sandbox: BotProcess;
  let url: string;
  let browser: Browser;
  let page: Page;

  const message = (text: string | RegExp) => page.locator('#messages .message', { hasText: text });
  const composer = () => page.getByRole('combobox', { name: /^Message / });
  const channelLink = (name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });
  const actAs = (member: string) => page.getByLabel('Acting as').selectOption(member);
  const expectShown = async (text: string | RegExp) => {
    await message(text).last().waitFor({ timeout: SHOWN_MS });
  };
  const run = async (command: string) => {
    await composer().fill(command);
    await composer().press('Escape');
    await composer().press('Enter');
  };

  before(async function () {
    // Compiling the bot and booting it take a minute or two on a busy machine.
    this.timeout(360_000);
    dataDir = mkdtempSync(join(tmpdir(), 'bot-playground-'));
    sandbox = runBotProcess({
      DATA_DIR: dataDir,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_NAMESPACE: uniqueRedisNamespace('playground'),
      PLAYGROUND_PORT: '0',
    });
    await eventually(() => sandbox.output().includes('member #general> '), `the prompt:\n${sandbox.output()}`, 180_000);
    url = /Browser playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(sandbox.output())![1]!;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(SHOWN_MS);
  });

  afterEach(function () {
    // What the bot printed is the first thing to read when the page did not show what it should.
    if (this.currentTest?.state === 'failed')
      console.log(`the sandbox's last output:\n${sandbox.output().slice(-4_000)}`);
  });

  after(async () => {
    await browser?.close();
    if (sandbox) {
      sandbox.child.stdin!.write(':quit\n');
      await sandbox.exit;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens a ticket through its form, with the command completed from the keyboard', async () => {
    await page.goto(`${url}?as=member`);
    await page.getByRole('heading', { level: 2, name: '#general' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

    // Suggestions come from the commands the bot registered; Tab completes, as in Discord.
    await composer().focus();
    await page.keyboard.type('/tick');
    await page
      .getByRole('option', { name: /\/ticket\b/ })
      .first()
      .waitFor();
    await page.keyboard.press('Tab');
    expect(await composer().inputValue()).to.equal('/ticket ');
    await page.keyboard.type('op');
    await page.getByRole('option', { name: /\/ticket open/ }).waitFor();
    await page.keyboard.press('Tab');
    expect(await composer().inputValue()).to.equal('/ticket open ');
    await page.keyboard.type('Printer broken');
    await page.getByText('/ticket open takes no options: press Enter to run it.').waitFor();
    await saveScreenshot(page, 'playground-1-command-hints');
    await page.keyboard.press('Enter');

    const form = page.getByRole('dialog', { name: 'Open a ticket' });
    await form.waitFor();
    expect(await form.getByLabel('Title').inputValue()).to.equal('Printer broken');
    await form.getByLabel('What do you need help with?').fill('It jams on every page');
    await saveScreenshot(page, 'playground-2-ticket-form');
    await form.getByRole('button', { name: 'Submit' }).click();
    await form.waitFor({ state: 'hidden' });

    await expectShown(/Your ticket is open: #ticket-0001/);
    expect(await message(/Your ticket is open/).textContent()).to.include('Only you can see this');
    await channelLink('#ticket-0001').click();
    await page.getByRole('heading', { level: 2, name: '#ticket-0001' }).waitFor();
    await expectShown('Ticket #0001: Printer broken');
    await saveScreenshot(page, 'playground-3-ticket');
  });

  it('claims and closes the ticket as support, and the terminal shows the same conversation', async () => {
    await actAs('support');
    // The ticket channel stays open: support sees it too.
    await page.getByRole('heading', { level: 2, name: '#ticket-0001' }).waitFor();
    const ticket = message('Ticket #0001: Printer broken');
    await ticket.getByRole('button', { name: 'Claim' }).click();
    await expectShown(/@support claimed ticket #0001\./);
    await ticket.getByRole('button', { name: 'Close' }).click();
    await expectShown(/Ticket #0001 was closed by @support/);
    await saveScreenshot(page, 'playground-4-ticket-closed');
    // What the page did, the terminal printed: both follow the one emulator.
    await eventually(
      () => /\[#ticket-0001\] bot ▸ @support claimed ticket #0001\./.test(sandbox.output()),
      'the claim in the terminal',
    );
  });

  it('shows the transcript from the ticket log, and leaves the channel once the bot deletes it', async () => {
    // The bot deletes a closed ticket's channel after 10 s: the page follows the emulator back to #general.
    await page.getByRole('heading', { level: 2, name: '#general' }).waitFor({ timeout: 20_000 });
    expect(await channelLink('#ticket-0001').count()).to.equal(0);

    await channelLink('#mod-log').click();
    const file = page.getByRole('link', { name: /📎 .*\.html/ }).last();
    await file.waitFor();
    const [transcript] = await Promise.all([page.waitForEvent('popup'), file.click()]);
    await transcript.waitForLoadState();
    expect(await transcript.textContent('body')).to.include('It jams on every page');
    await saveScreenshot(transcript, 'playground-5-transcript');
    await transcript.close();
  });

  it('rates the ticket from the DM its opener got: a form opened by a button', async () => {
    await actAs('member');
    await channelLink('@bot (DM)').click();
    const dm = message(/Your ticket #0001 .* was closed/);
    await dm.waitFor();
    expect(await dm.getByRole('link', { name: /📎 .*\.html/ }).count()).to.equal(1);
    await dm.getByRole('button', { name: '★★★★★', exact: true }).click();
    const form = page.getByRole('dialog', { name: 'Your rating: ★★★★★' });
    await form.waitFor();
    await form.getByLabel('Anything to add? (optional)').fill('Quick and kind');
    await saveScreenshot(page, 'playground-6-rating-form');
    await form.getByRole('button', { name: 'Submit' }).click();
    await expectShown('Thank you for your feedback (★★★★★).');
  });

  it('shows live what is typed at the terminal prompt', async () => {
    await channelLink('#general').click();
    // The terminal still acts as member in #general.
    sandbox.child.stdin!.write('!daily\n');
    await expectShown('!daily');
    await expectShown(/You claimed your daily reward/);
  });

  it('keeps a message heard live while the channel it was sent to is still loading', async () => {
    await channelLink('#mod-log').click();
    await page.getByRole('heading', { level: 2, name: '#mod-log' }).waitFor();
    const typed = 'typed while #general loads';
    // The channel's messages are read before the message exists, and handed to the page only once the live feed has
    // shown it: the order a slow machine can produce by chance.
    await page.route(
      /\/api\/messages\?/,
      async (route) => {
        const snapshot = await route.fetch();
        sandbox.child.stdin!.write(`${typed}\n`);
        await message(typed).waitFor({ timeout: SHOWN_MS });
        await route.fulfill({ response: snapshot });
      },
      { times: 1 },
    );
    await channelLink('#general').click();
    await page.getByRole('heading', { level: 2, name: '#general' }).waitFor();
    // The loaded list (with what #general held before) is on the page, and the live message is still there after it.
    await expectShown(/You claimed your daily reward/);
    await expectShown(typed);
  });

  it('picks in a select menu and shows the rank and profile card images', async () => {
    await run('/help');
    const menu = page.getByRole('combobox', { name: 'Show how to use the commands of…' }).last();
    await menu.selectOption('tickets');
    await expectShown('How to use tickets');

    await run('/rank');
    const card = page.getByRole('img', { name: /^rank\.png/ }).last();
    await card.waitFor();
    // The project compiles without the DOM's types: the element is described by what is read of it.
    type Picture = { complete: boolean; naturalWidth: number; naturalHeight: number };
    await eventually(() => card.evaluate((image) => (image as unknown as Picture).complete), 'the card to load');
    const size = await card.evaluate((image) => {
      const picture = image as unknown as Picture;
      return [picture.naturalWidth, picture.naturalHeight];
    });
    expect(size[0]).to.be.greaterThan(100);
    expect(size[1]).to.be.greaterThan(50);
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'playground-7-rank-card');

    // A member option offers the demo's members as they are typed; the profile card follows.
    await composer().fill('/profile view @sup');
    await page.getByRole('option', { name: /^@support/ }).waitFor();
    await composer().press('Tab');
    expect(await composer().inputValue()).to.equal('/profile view @support ');
    await composer().press('Enter');
    const profile = page.getByRole('img', { name: /^profile\.png/ }).last();
    await profile.waitFor();
    await profile.scrollIntoViewIfNeeded();
    await expectShown(/member used \/profile/);
    await saveScreenshot(page, 'playground-8-profile-card');
  });

  it('offers what the bot suggests for an option it autocompletes', async () => {
    await actAs('admin');
    await composer().fill('/permissions grant target:@support permission:ban');
    await page.getByRole('option', { name: /^UNBAN_USER/ }).waitFor();
    await saveScreenshot(page, 'playground-9-autocomplete');
    await composer().press('ArrowDown');
    await composer().press('Tab');
    expect(await composer().inputValue()).to.equal('/permissions grant target:@support permission:UNBAN_USER ');
    await composer().press('Enter');
    await expectShown(/UNBAN_USER/);
  });

  it('fits a phone screen: the channel list opens from the menu button', async () => {
    await page.setViewportSize({ width: 390, height: 780 });
    const toggle = page.getByRole('button', { name: 'Channels' });
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    // Closed, the list is out of sight and out of the keyboard's way.
    await page.getByRole('navigation').waitFor({ state: 'hidden' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).to.equal('true');
    await page.getByRole('navigation').waitFor();
    // The focus moves into the list, on the open channel; Escape closes it again.
    await eventually(
      () => channelLink('#general').evaluate((link) => link === link.ownerDocument.activeElement),
      'focus',
    );
    await saveScreenshot(page, 'playground-10-phone-channels');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation').waitFor({ state: 'hidden' });
    await toggle.click();
    await channelLink('#support').click();
    await page.getByRole('heading', { level: 2, name: '#support' }).waitFor();
    expect(await toggle.getAttribute('aria-expanded')).to.equal('false');
    await page.getByRole('navigation').waitFor({ state: 'hidden' });
    await saveScreenshot(page, 'playground-11-phone-chat');
  });
});
