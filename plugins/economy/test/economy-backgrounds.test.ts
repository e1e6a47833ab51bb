import { loadImage } from '@napi-rs/canvas';
import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { BACKGROUND_IMAGE_HEIGHT, BACKGROUND_IMAGE_WIDTH } from '#core/plugin-kit/cardBackgrounds';
import { createTestGuild, harness, textOf, type Harness, type TestGuild } from '#test/helpers/e2e';
import { LEFT_RGB, nearColour, pixelOf, RIGHT_RGB, TINY_GIF, twoToneImage } from '#test/helpers/images';
import economy from '../index';

describe('economy background images end to end', function () {
  this.timeout(30_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['shop'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
    await container.guildSettings.enablePlugin(guild.id, economy.name, guild.setupBy);
  });

  const addBackground = (
    name: string,
    image: { name: string; data: Buffer; contentType?: string },
    type = 'BACKGROUND',
  ) => guild.slash(guild.as.owner, 'shop', 'add', { name, type, price: '5', image });

  async function storedImages(): Promise<{ name: string; image: Buffer | null }[]> {
    const rows = (await container.database.query(
      `SELECT name, background_image AS image FROM economy_item WHERE guild_id = $1 ORDER BY name`,
      [guild.id],
    )) as { name: string; image: Uint8Array | null }[];
    return rows.map((row) => ({ name: row.name, image: row.image && Buffer.from(row.image) }));
  }

  it('stores an attached PNG or JPEG re-encoded at the cards’ size, never the upload itself', async () => {
    const png = await twoToneImage(1200, 600, 'png');
    const added = await addBackground('Red and blue', { name: 'bg.png', data: png, contentType: 'image/png' });
    expect(added.text).to.equal(
      `Added **Red and blue** (background) to the shop for 🪙 5. It shows your image (kept at ${BACKGROUND_IMAGE_WIDTH}×${BACKGROUND_IMAGE_HEIGHT}).`,
    );

    // The prefix form takes the image attached to the message.
    const jpeg = await twoToneImage(800, 800, 'jpeg');
    await guild.as.owner.say(guild.generalChannelId, '!shop add "Photo" background 7', {
      attachments: [{ name: 'photo.jpg', data: jpeg, contentType: 'image/jpeg' }],
    });
    const prefixReply = await h.emu.waitForMessage({ channelId: guild.generalChannelId });
    expect(textOf(prefixReply)).to.match(
      /^Added \*\*Photo\*\* \(background\) to the shop for 🪙 7\. It shows your image/,
    );

    const stored = await storedImages();
    expect(stored.map((row) => row.name)).to.deep.equal(['Photo', 'Red and blue']);
    for (const [row, upload] of [
      [stored[0]!, jpeg],
      [stored[1]!, png],
    ] as const) {
      const image = row.image!;
      expect(image.equals(upload)).to.equal(false);
      expect([...image.subarray(0, 3)]).to.deep.equal([0xff, 0xd8, 0xff]);
      const decoded = await loadImage(image);
      expect([decoded.width, decoded.height]).to.deep.equal([BACKGROUND_IMAGE_WIDTH, BACKGROUND_IMAGE_HEIGHT]);
      expect(nearColour(await pixelOf(image, 10, 200), LEFT_RGB)).to.equal(true);
      expect(nearColour(await pixelOf(image, BACKGROUND_IMAGE_WIDTH - 10, 200), RIGHT_RGB)).to.equal(true);
    }
    // A background without an image still adds as before (it shows the shipped background it names).
    expect(
      (await guild.slash(guild.as.owner, 'shop', 'add', { name: 'Sunset', type: 'BACKGROUND', price: '1' })).text,
    ).to.equal('Added **Sunset** (background) to the shop for 🪙 1.');
  });

  it('refuses bad uploads with a clear reply and stores nothing', async () => {
    const png = await twoToneImage(400, 300, 'png');
    const truncated = png.subarray(0, Math.floor(png.length / 2));
    const altered = Buffer.from(png);
    altered[png.length - 20] ^= 0xff; // inside the image data: its chunk's CRC no longer matches
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20_000, 16); // the header claims 20,000 × 20,000 pixels
    huge.writeUInt32BE(20_000, 20);
    const jpeg = await twoToneImage(400, 300, 'jpeg');
    const cases: [string, { name: string; data: Buffer }, string, string?][] = [
      [
        'too big',
        { name: 'big.png', data: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024 + 1 - png.length)]) },
        `That file is 2,049 KB; a background can be at most 2,048 KB (2 MB). Nothing was added to the shop.`,
      ],
      [
        'not an image',
        { name: 'notes.png', data: Buffer.from('just some text, named like a picture') },
        'That file is not a PNG or JPEG image. Nothing was added to the shop.',
      ],
      [
        'a GIF',
        { name: 'anim.gif', data: TINY_GIF },
        "GIFs can't be backgrounds: upload a PNG or JPEG image instead. Nothing was added to the shop.",
      ],
      [
        'a truncated PNG',
        { name: 'half.png', data: truncated },
        'That PNG file is damaged or incomplete. Nothing was added to the shop.',
      ],
      [
        'an altered PNG',
        { name: 'altered.png', data: altered },
        'That PNG file is damaged or incomplete. Nothing was added to the shop.',
      ],
      [
        'a truncated JPEG',
        { name: 'half.jpg', data: jpeg.subarray(0, Math.floor(jpeg.length * 0.7)) },
        'That JPEG file is damaged or incomplete. Nothing was added to the shop.',
      ],
      [
        'a tiny image',
        { name: 'tiny.png', data: await twoToneImage(50, 40) },
        'That image is 50×40 pixels; a background must be 100 to 4096 pixels on each side (it is shown at 934×420). Nothing was added to the shop.',
      ],
      [
        'a huge image',
        { name: 'huge.png', data: huge },
        'That image is 20000×20000 pixels; a background must be 100 to 4096 pixels on each side (it is shown at 934×420). Nothing was added to the shop.',
      ],
      [
        'an image for a badge',
        { name: 'badge.png', data: png },
        'Only background items take an image. Nothing was added to the shop.',
        'BADGE',
      ],
    ];
    for (const [what, file, message, type] of cases) {
      const reply = await addBackground(`Bad ${what}`, file, type);
      expect(reply.text, what).to.equal(message);
      expect(reply.ephemeral, what).to.equal(true);
    }
    expect(await storedImages()).to.deep.equal([]);
    expect((await guild.slash(guild.as.member, 'shop', 'view')).text).to.contain('The shop is empty.');
  });
});
