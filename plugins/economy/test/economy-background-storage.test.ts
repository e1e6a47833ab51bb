import { resolve } from 'node:path';
import { expect } from 'chai';
import type { DataSource } from 'typeorm';
import { discoverPlugins } from '#core/plugin-system/discovery';
import { onBothDatabases } from '#test/helpers/database';
import { twoToneImage } from '#test/helpers/images';
import { ItemType } from '../entities/Item';
import { EconomyService } from '../services/EconomyService';
import { economySettings } from '../settings';

const plugins = discoverPlugins([resolve(__dirname, '../..')]);
const GUILD = '1300000000000000300';
const ALICE = '1300000000000000301';
/** BACKGROUND items grant no role: nothing to do on Discord's side. */
const NO_ROLES = { grant: async () => undefined, revoke: async () => undefined };

/** Uploaded backgrounds stored as bytes and read back for the cards, on both databases the bot runs on. */
function backgroundStorageTests(open: () => Promise<{ dataSource: DataSource; close: () => Promise<void> }>) {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let economy: EconomyService;

  before(async function () {
    // Embedded PGlite runs every plugin's migrations first: slow on a busy machine.
    this.timeout(120_000);
    ({ dataSource, close } = await open());
    await dataSource.initialize();
    await dataSource.runMigrations();
    const settings = economySettings.parse({ startingBalance: 100 });
    economy = new EconomyService(dataSource, { settings: async () => settings });
  });

  after(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await close?.();
  });

  const item = (name: string, type = ItemType.BACKGROUND) => ({
    name,
    type,
    price: 1,
    description: null,
    roleId: null,
    stock: null,
  });

  it('gives the equipped background with its stored image, a shipped one without, and none when unequipped', async () => {
    expect(await economy.equippedBackground(GUILD, ALICE)).to.equal(undefined);
    const added = await economy.shop.addItem(GUILD, item('Flag'), await twoToneImage(600, 300));
    await economy.shop.addItem(GUILD, item('Ocean waves'));
    for (const name of ['Flag', 'Ocean waves']) await economy.shop.buy(GUILD, ALICE, name, 1, NO_ROLES);

    await economy.shop.equip(GUILD, ALICE, 'Flag');
    const equipped = await economy.equippedBackground(GUILD, ALICE);
    expect(equipped).to.include({ name: 'Flag', description: null });
    expect(Buffer.isBuffer(equipped!.image)).to.equal(true);
    expect(equipped!.image!.equals(added.background!.image)).to.equal(true);

    await economy.shop.equip(GUILD, ALICE, 'Ocean waves');
    expect(await economy.equippedBackground(GUILD, ALICE)).to.deep.equal({
      name: 'Ocean waves',
      description: null,
      image: null,
    });
    await economy.shop.unequip(GUILD, ALICE, ItemType.BACKGROUND);
    expect(await economy.equippedBackground(GUILD, ALICE)).to.equal(undefined);
  });

  it('refuses an image on an item that is not a background, in SQL too', async () => {
    const badge = await economy.shop.addItem(GUILD, item('Star', ItemType.BADGE));
    let failed: unknown;
    await dataSource
      .query(`UPDATE economy_item SET background_image = $2 WHERE id = $1`, [badge.id, Buffer.from([1, 2, 3])])
      .catch((error: unknown) => (failed = error));
    expect(String(failed)).to.contain('economy_item_background_image');
  });
}

describe('economy background storage', () => {
  onBothDatabases('economybg', plugins, backgroundStorageTests);
});
