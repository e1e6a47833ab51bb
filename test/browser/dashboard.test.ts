import { container } from '@sapphire/framework';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { z } from 'zod';
import { launchBrowser, saveScreenshot } from '../helpers/browser';
import { dashboardUrl } from '../helpers/dashboard';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';

/** The dashboard in real headless Chromium: Discord login through the emulator, a plugin switch, a settings form. */
describe('browser: dashboard', function () {
  this.timeout(90_000);
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    browser = await launchBrowser();
    guild = await createTestGuild(h.emu, 'Browser Guild');
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  });

  after(async () => {
    await browser?.close();
  });

  it('logs in with Discord through the emulator’s member picker and lists the server', async () => {
    await page.goto(dashboardUrl());
    await saveScreenshot(page, 'dashboard-login');
    await page.getByRole('link', { name: 'Log in with Discord' }).click();
    await page.getByRole('button', { name: guild.owner.username, exact: true }).waitFor();
    await saveScreenshot(page, 'emulator-oauth-member-picker');
    await page.getByRole('button', { name: guild.owner.username, exact: true }).click();
    await page.getByRole('heading', { name: 'Your servers' }).waitFor();
    expect(await page.getByText(`Logged in as ${guild.owner.username}`).isVisible()).to.equal(true);
    await saveScreenshot(page, 'dashboard-server-picker');
  });

  it('turns a plugin on, and the bot answers in the guild accordingly', async () => {
    const refused = await guild.slash(guild.as.member, 'balance');
    expect(refused.text).to.match(/not enabled|disabled|turned off/i);
    await page.getByRole('listitem').filter({ hasText: 'Browser Guild' }).getByRole('link', { name: 'Manage' }).click();
    await page.getByRole('heading', { name: 'Browser Guild: plugins' }).waitFor();
    await saveScreenshot(page, 'dashboard-server-plugins');
    await page.getByRole('button', { name: 'Turn on economy' }).click();
    await page.getByRole('status').filter({ hasText: 'economy is on.' }).waitFor();
    const answered = await guild.slash(guild.as.member, 'balance');
    expect(answered.text).to.not.match(/not enabled|disabled|turned off/i);
    await saveScreenshot(page, 'dashboard-plugin-turned-on');
  });

  it('changes a setting in the schema-built form, and the bot uses it', async () => {
    await page.locator('#plugin-economy').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'economy settings' }).waitFor();
    await saveScreenshot(page, 'dashboard-economy-settings');
    await page.getByLabel('dailyAmount').fill('555');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    const daily = await guild.slash(guild.as.member, 'daily');
    expect(daily.text).to.include('555');
  });

  it('shows the schema’s own message for a bad value and changes nothing', async () => {
    const schema = container.plugins.get('economy')!.settings!.shape.dailyAmount as z.ZodType;
    const expected = schema.safeParse(-3).error!.issues[0]!.message;
    await page.getByLabel('dailyAmount').fill('-3');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was saved' }).waitFor();
    expect(await page.locator('#setting-dailyAmount-error').textContent()).to.equal(expected);
    expect(await page.getByLabel('dailyAmount').getAttribute('aria-invalid')).to.equal('true');
    await saveScreenshot(page, 'dashboard-economy-settings-refused');
    expect((await container.guildSettings.pluginSettingsOf(guild.id, 'economy')).dailyAmount).to.equal(555);
  });

  it('shows every other page of the server: core settings, permissions, history, staff pages, a public board', async () => {
    for (const plugin of ['moderation', 'tickets', 'audit']) {
      await container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
    }
    await guild.slash(guild.as.owner, 'warn', undefined, { member: guild.member.id, reason: 'Browser test' });
    await page.goto(`${dashboardUrl()}/servers/${guild.id}`);
    const menu = page.getByRole('navigation', { name: 'Server sections' });
    const pages: [string, string, string][] = [
      ['Core settings', 'Core settings', 'dashboard-core-settings'],
      ['Permissions', 'Permission overrides', 'dashboard-permissions'],
      ['Change history', 'Change history', 'dashboard-change-history'],
      ['Moderation cases', 'Moderation cases', 'dashboard-moderation-cases'],
      ['Tickets', 'Tickets', 'dashboard-tickets'],
      ['Audit log', 'Audit log', 'dashboard-audit-log'],
    ];
    for (const [link, heading, screenshot] of pages) {
      await menu.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await saveScreenshot(page, screenshot);
    }
    await menu.getByRole('link', { name: 'Moderation cases' }).click();
    expect(await page.getByRole('cell', { name: 'Browser test' }).isVisible()).to.equal(true);
    await menu.getByRole('link', { name: 'Change history' }).click();
    expect(await page.getByRole('cell', { name: 'plugin:economy.settings.dailyAmount' }).isVisible()).to.equal(true);
    await page.goto(`${dashboardUrl()}/leaderboards/${guild.id}/economy`);
    await page.getByRole('heading', { name: 'Browser Guild: economy leaderboard' }).waitFor();
    expect(await page.getByRole('cell', { name: guild.member.username }).isVisible()).to.equal(true);
    await saveScreenshot(page, 'dashboard-public-leaderboard');
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${dashboardUrl()}/servers/${guild.id}`);
    // A string: the test's TypeScript has no DOM types.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).to.be.at.most(0);
    await saveScreenshot(page, 'dashboard-server-plugins-phone');
  });
});
