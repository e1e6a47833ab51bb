import { createCanvas, loadImage } from '@napi-rs/canvas';
import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { PermissionFlagsBits } from 'discord.js';
import { createTestGuild, harness, type Harness, type TestGuild } from '#test/helpers/e2e';
import { LEFT_RGB, nearColour, RIGHT_RGB, twoToneImage } from '#test/helpers/images';
import { eventually } from '#test/helpers/wait';
import { DEFAULT_BACKGROUND, drawGradientBackground, SHIPPED_BACKGROUNDS } from '#core/plugin-kit/cardBackgrounds';
import { PROFILE_EDIT_MODAL } from '../ids';
import profile from '../index';
import { PROFILE_CARD_HEIGHT, PROFILE_CARD_WIDTH } from '../lib/profileCard';

describe('profile cards end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['profile'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, profile.name, guild.setupBy);
  });

  const enable = (plugin: string) => container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
  const disable = (plugin: string) => container.guildSettings.disablePlugin(guild.id, plugin, guild.setupBy);

  async function cardOf(reply: { attachments: { url: string }[] }) {
    expect(reply.attachments).to.have.length(1);
    const png = Buffer.from(await (await fetch(reply.attachments[0]!.url)).arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).to.equal('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([PROFILE_CARD_WIDTH, PROFILE_CARD_HEIGHT]);
    return png;
  }

  /** The RGB of a pixel of a PNG. */
  async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    return [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)];
  }

  async function backgroundPixel(colours: readonly [string, string, string], x: number, y: number) {
    const canvas = createCanvas(PROFILE_CARD_WIDTH, PROFILE_CARD_HEIGHT);
    drawGradientBackground(canvas.getContext('2d'), colours, PROFILE_CARD_WIDTH, PROFILE_CARD_HEIGHT);
    return [...canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)];
  }

  const near = (actual: number[], expected: number[]) =>
    actual.every((value, index) => Math.abs(value - expected[index]!) <= 2);

  it('renders a PNG card with no partner plugin on, on the plain background', async () => {
    const reply = await guild.slash(guild.as.member, 'profile', 'view');
    const png = await cardOf(reply.reply);
    expect(near(await pixel(png, 6, 6), await backgroundPixel(DEFAULT_BACKGROUND, 6, 6))).to.equal(true);
  });

  it('uses the equipped BACKGROUND item and shows badges, level and balance when levels and economy are on', async () => {
    await enable('economy');
    await enable('levels');
    await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Sunset Sky', type: 'BACKGROUND', price: '1' });
    await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Star', type: 'BADGE', price: '1' });
    await container.economy.credit(guild.id, guild.member.id, 10);
    for (const item of ['Sunset Sky', 'Star']) {
      await guild.slash(guild.as.member, 'buy', undefined, { item });
      await guild.slash(guild.as.member, 'equip', undefined, { item });
    }
    await guild.slash(guild.as.owner, 'xp', 'add', { member: guild.member.id, amount: 180 });
    const png = await cardOf((await guild.slash(guild.as.member, 'profile', 'view')).reply);
    const sunset = await backgroundPixel(SHIPPED_BACKGROUNDS.sunset, 6, 6);
    expect(near(await pixel(png, 6, 6), sunset)).to.equal(true);
    expect(near(sunset, await backgroundPixel(DEFAULT_BACKGROUND, 6, 6))).to.equal(false);

    // The text form (no AttachFiles) carries the same facts.
    const textOnly = h.emu.createChannel(guild.id, {
      name: 'no-files',
      permissionOverwrites: [
        { id: h.emu.world.guilds.get(guild.id)!.id, type: 'role', deny: PermissionFlagsBits.AttachFiles },
      ],
    });
    await guild.as.owner.say(textOnly.id, `!profile <@${guild.member.id}>`);
    const text = await h.emu.waitForMessage({ channelId: textOnly.id });
    expect(text.attachments).to.deep.equal([]);
    expect(text.content).to.contain('Level 1 · Rank #1').and.to.contain('Balance 8').and.to.contain('Badges: **Star**');

    // Privacy: others no longer see the balance or the level; the member still sees their own.
    expect((await guild.slash(guild.as.member, 'profile', 'privacy', { balance: true, level: true })).text).to.equal(
      'Balance: hidden from others · Level: hidden from others.',
    );
    await guild.as.owner.say(textOnly.id, `!profile <@${guild.member.id}>`);
    const hidden = await h.emu.waitForMessage({ channelId: textOnly.id });
    expect(hidden.content).not.to.contain('Balance').and.not.to.contain('Level');
    await guild.as.member.say(textOnly.id, '!profile');
    expect((await h.emu.waitForMessage({ channelId: textOnly.id })).content).to.contain('Balance 8');
  });

  it('shows the image an admin uploaded for the equipped BACKGROUND item', async () => {
    await enable('economy');
    const image = { name: 'bg.png', data: await twoToneImage(1200, 600), contentType: 'image/png' };
    await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Flag', type: 'BACKGROUND', price: '1', image });
    await container.economy.credit(guild.id, guild.member.id, 10);
    await guild.slash(guild.as.member, 'buy', undefined, { item: 'Flag' });
    const plain = await cardOf((await guild.slash(guild.as.member, 'profile', 'view')).reply);
    expect(near(await pixel(plain, 6, 6), await backgroundPixel(DEFAULT_BACKGROUND, 6, 6))).to.equal(true);

    await guild.slash(guild.as.member, 'equip', undefined, { item: 'Flag' });
    const png = await cardOf((await guild.slash(guild.as.member, 'profile', 'view')).reply);
    // The image's left half at the card's left edge, its right half at the right edge (the panel leaves both).
    expect(nearColour(await pixel(png, 6, 6), LEFT_RGB)).to.equal(true);
    expect(nearColour(await pixel(png, 6, PROFILE_CARD_HEIGHT - 6), LEFT_RGB)).to.equal(true);
    expect(nearColour(await pixel(png, PROFILE_CARD_WIDTH - 6, 6), RIGHT_RGB)).to.equal(true);

    // Where economy is off, no background item shows.
    await disable('economy');
    const off = await cardOf((await guild.slash(guild.as.member, 'profile', 'view')).reply);
    expect(near(await pixel(off, 6, 6), await backgroundPixel(DEFAULT_BACKGROUND, 6, 6))).to.equal(true);
  });

  async function selectBadge(where: TestGuild, badge: string) {
    const handle = await where.as.member.slash(where.generalChannelId, 'profile', {
      group: 'badge',
      subcommand: 'select',
      options: { badge },
    });
    const reply = await handle.reply();
    return { text: reply.content, ephemeral: ((reply.flags ?? 0) & 64) === 64 };
  }

  it('shows the achievements badges with the selected one highlighted; selection is per server', async () => {
    await enable('economy');
    await enable('achievements');
    await guild.slash(guild.as.owner, 'achievements', 'grant', { member: guild.member.id, achievement: 'legend' });
    await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Star', type: 'BADGE', price: '1' });
    await container.economy.credit(guild.id, guild.member.id, 10);
    await guild.slash(guild.as.member, 'buy', undefined, { item: 'Star' });
    const textOnly = h.emu.createChannel(guild.id, {
      name: 'no-files',
      permissionOverwrites: [
        { id: h.emu.world.guilds.get(guild.id)!.id, type: 'role', deny: PermissionFlagsBits.AttachFiles },
      ],
    });
    const badgesLine = async () => {
      await guild.as.member.say(textOnly.id, '!profile');
      const reply = await h.emu.waitForMessage({ channelId: textOnly.id });
      return reply.content.split('\n').find((line) => line.startsWith('Badges:'));
    };
    // The first badge awarded (Legend) became the highlighted one; the item's badge comes through achievements.
    await eventually(async () => (await badgesLine()) === 'Badges: **Legend**, Star', 'Legend highlighted');
    const select = (badge: string) => selectBadge(guild, badge);
    expect((await select('star')).text).to.equal('**Star** is now your highlighted badge here.');
    expect(await badgesLine()).to.equal('Badges: Legend, **Star**');
    const unknown = await select('Moon');
    expect(unknown.ephemeral).to.equal(true);
    expect(unknown.text).to.equal('You hold no badge called `Moon` here. Yours: Legend, Star.');
    await cardOf((await guild.slash(guild.as.member, 'profile', 'view')).reply);

    // Another server: none of these badges, and nothing to select.
    const other = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(other.id, profile.name, other.setupBy);
    expect((await selectBadge(other, 'Star')).text).to.equal(
      'Badges come from the achievements plugin, which is not on in this server.',
    );
  });

  it('edits bio, title and accent through the modal, and refuses bad input clearly', async () => {
    const open = await guild.as.member.slash(guild.generalChannelId, 'profile', { subcommand: 'edit' });
    expect((await open.modal()).custom_id).to.equal(PROFILE_EDIT_MODAL);
    const saved = await guild.as.member.submitModal(open, PROFILE_EDIT_MODAL, {
      bio: 'Hello @everyone',
      title: 'Night owl',
      accent: '#0AF',
    });
    expect((await saved.reply()).content).to.equal('Profile saved (accent #00aaff). See it with `/profile view`.');
    const stored = await container.profile.profiles.find(guild.member.id);
    expect([stored!.bio, stored!.customTitle, stored!.accent]).to.deep.equal([
      'Hello @everyone',
      'Night owl',
      '#00aaff',
    ]);

    const badAccent = await guild.as.member.submitModal(guild.generalChannelId, PROFILE_EDIT_MODAL, {
      bio: 'x',
      title: '',
      accent: '#zzz',
    });
    const badAccentReply = await badAccent.reply();
    expect(badAccentReply.content).to.equal('`#zzz` is not a hex colour: use one like `#5865f2`. Nothing was saved.');
    expect((badAccentReply.flags ?? 0) & 64).to.equal(64);
    const longBio = await guild.as.member.submitModal(guild.generalChannelId, PROFILE_EDIT_MODAL, {
      bio: 'b'.repeat(5000),
      title: '',
      accent: '',
    });
    expect((await longBio.reply()).content).to.equal(
      'Your bio can be at most 300 characters; this one has 5,000. Nothing was saved.',
    );
    expect((await container.profile.profiles.find(guild.member.id))!.bio).to.equal('Hello @everyone');
  });

  it('links socials by https URL of the right site, and refuses the rest', async () => {
    expect(
      (await guild.slash(guild.as.member, 'profile', 'socials', { network: 'github', url: 'https://github.com/me' }))
        .text,
    ).to.equal('Your github link is saved.');
    const refusals: [Record<string, string>, string][] = [
      [{ network: 'github', url: 'not a url' }, '`not a url` is not a URL: give a full https:// link.'],
      [{ network: 'github', url: 'http://github.com/me' }, 'Links must start with https://.'],
      [{ network: 'twitch', url: 'https://evil.example/twitch' }, 'A twitch link must be on twitch.tv.'],
      [{ network: 'myspace', url: 'https://myspace.com/me' }, 'Unknown network `myspace`: use one of'],
      // Names every JavaScript object has are not networks either.
      [{ network: 'constructor', url: 'https://example.com/me' }, 'Unknown network `constructor`: use one of'],
      [{ network: '__proto__', url: 'https://example.com/me' }, 'Unknown network `__proto__`: use one of'],
    ];
    for (const [options, message] of refusals) {
      const reply = await guild.slash(guild.as.member, 'profile', 'socials', options);
      expect(reply.ephemeral).to.equal(true);
      expect(reply.text).to.contain(message);
    }
    await guild.slash(guild.as.member, 'profile', 'socials', { network: 'twitter', url: 'https://x.com/me' });
    expect((await container.profile.profiles.find(guild.member.id))!.socials).to.deep.equal({
      github: 'https://github.com/me',
      x: 'https://x.com/me',
    });
    const card = await guild.slash(guild.as.owner, 'profile', 'view', { member: guild.member.id });
    expect(card.text).to.equal('github: <https://github.com/me> · x: <https://x.com/me>');
    await guild.slash(guild.as.member, 'profile', 'socials', { network: 'github' });
    expect((await container.profile.profiles.find(guild.member.id))!.socials).to.deep.equal({ x: 'https://x.com/me' });
  });

  it('refuses while the plugin is disabled', async () => {
    await container.guildSettings.disablePlugin(guild.id, profile.name, guild.setupBy);
    expect((await guild.slash(guild.as.member, 'profile', 'view')).text).to.match(/\*\*profile\*\* plugin is disabled/);
  });
});
