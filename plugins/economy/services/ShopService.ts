import type { DataSource } from 'typeorm';
import { arrayLiteral } from '#core/plugin-kit/arrayLiteral';
import type { EquippedBackground } from '#core/plugin-kit/cardBackgrounds';
import { ItemType } from '../entities/Item';
import { prepareBackgroundUpload, type PreparedBackground } from './backgroundImage';
import { MONEY_CEILING } from '../entities/moneyTransformer';
import { formatMoney } from './format';
import {
  ACCOUNT_COLUMNS,
  driverErrorCode,
  inTransaction,
  ITEM_COLUMNS,
  LEDGER_INSERT,
  refuse,
  toAccount,
  toItem,
  UNIQUE_VIOLATION,
  type AccountRow,
  type ItemRow,
} from './sql';
import type { Account, EconomySettingsSource, OwnedItem, ShopItem } from './types';

/** Discord's side of a ROLE item: given on purchase, taken back on sale. */
export interface RoleGrants {
  grant(roleId: string): Promise<void>;
  revoke(roleId: string): Promise<void>;
}

/**
 * The guild's shop and its members' inventories. Purchases and sales move money with the same conditional updates
 * and ledger rows as the rest of the economy, in one transaction with the stock and inventory changes.
 */
export class ShopService {
  public constructor(
    private readonly dataSource: DataSource,
    private readonly plugin: EconomySettingsSource,
    private readonly accounts: { account(guildId: string, userId: string): Promise<Account> },
  ) {}

  /**
   * Adds an item to the shop; names are unique per guild regardless of case. A BACKGROUND item may come with an
   * uploaded image (the file's bytes): it is checked and re-encoded first, and stored with the item, or the item is
   * refused and nothing is stored.
   */
  public async addItem(
    guildId: string,
    item: Pick<ShopItem, 'name' | 'type' | 'price' | 'description' | 'roleId'> & { stock: number | null },
    upload?: Buffer,
  ): Promise<ShopItem & { background: PreparedBackground | null }> {
    if (item.type === ItemType.ROLE && !item.roleId) {
      refuse('RoleItemWithoutRole', 'A ROLE item needs the role it grants: set the `role` option.');
    }
    if (upload && item.type !== ItemType.BACKGROUND) {
      refuse('ImageNotBackground', 'Only background items take an image. Nothing was added to the shop.');
    }
    const existing = await this.findItem(guildId, item.name, { required: false });
    if (existing) refuse('DuplicateItem', `The shop already has an item called **${existing.name}**.`);
    const background = upload ? await prepareBackgroundUpload(upload) : null;
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO economy_item (guild_id, name, type, description, price, is_limited, quantity, role_id,
                                   background_image)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${ITEM_COLUMNS}`,
        [
          guildId,
          item.name,
          item.type,
          item.description,
          item.price,
          item.stock !== null,
          item.stock,
          item.roleId,
          background?.image ?? null,
        ],
      )) as ItemRow[];
      return { ...toItem(row!), background };
    } catch (error) {
      // Another admin added the same name between the check above and this insert.
      if (driverErrorCode(error) === UNIQUE_VIOLATION) {
        refuse('DuplicateItem', `The shop already has an item called **${item.name}**.`);
      }
      throw error;
    }
  }

  /** Changes an item's price, description or stock (`stock` null makes it unlimited). */
  public async editItem(
    guildId: string,
    name: string,
    patch: { price?: number; description?: string; stock?: number | null },
  ): Promise<ShopItem> {
    const item = (await this.findItem(guildId, name))!;
    const stockGiven = patch.stock !== undefined;
    const [row] = (await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy_item SET
           price = COALESCE($2, price),
           description = COALESCE($3, description),
           is_limited = CASE WHEN $4 THEN $5::int IS NOT NULL ELSE is_limited END,
           quantity = CASE WHEN $4 THEN $5::int ELSE quantity END,
           for_sale = true
         WHERE id = $1 RETURNING ${ITEM_COLUMNS})
       SELECT * FROM changed`,
      [item.id, patch.price ?? null, patch.description ?? null, stockGiven, patch.stock ?? null],
    )) as ItemRow[];
    return toItem(row!);
  }

  /** Takes an item out of the shop; members keep the ones they own and can still sell them back. */
  public async removeItem(guildId: string, name: string): Promise<ShopItem> {
    const item = (await this.findItem(guildId, name, { forSaleOnly: true }))!;
    await this.dataSource.query(`UPDATE economy_item SET for_sale = false WHERE id = $1`, [item.id]);
    return { ...item, forSale: false };
  }

  /** The item of that name (any case), or a polite refusal. */
  public async findItem(
    guildId: string,
    name: string,
    { forSaleOnly = false, required = true }: { forSaleOnly?: boolean; required?: boolean } = {},
  ): Promise<ShopItem | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM economy_item WHERE guild_id = $1 AND lower(name) = lower($2)
       ${forSaleOnly ? 'AND for_sale' : ''}`,
      [guildId, name.trim()],
    )) as ItemRow[];
    if (row) return toItem(row);
    if (!required) return null;
    refuse('UnknownItem', `There is no item called **${name.trim().slice(0, 64)}** in the shop.`);
  }

  /** Names for autocomplete: shop items on sale (or all), matching what the member typed so far. */
  public async itemNames(guildId: string, typed: string, { forSaleOnly = true } = {}): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM economy_item WHERE guild_id = $1 AND name ILIKE $2 ${forSaleOnly ? 'AND for_sale' : ''}
       ORDER BY name LIMIT 25`,
      [guildId, `%${typed.replace(/[\\%_]/g, '\\$&')}%`],
    );
    return rows.map((row) => row.name);
  }

  /** Names of what a member owns, for autocomplete; `types` narrows to some item types. */
  public async ownedItemNames(guildId: string, userId: string, typed: string, types?: ItemType[]): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT i.name FROM economy_inventory inv
       JOIN economy e ON e.id = inv.economy_id JOIN economy_item i ON i.id = inv.item_id
       WHERE e.guild_id = $1 AND e.user_id = $2 AND inv.quantity > 0 AND i.name ILIKE $3
         AND ($4::economy_item_type[] IS NULL OR i.type = ANY($4::economy_item_type[]))
       ORDER BY i.name LIMIT 25`,
      [guildId, userId, `%${typed.replace(/[\\%_]/g, '\\$&')}%`, types ? arrayLiteral(types) : null],
    );
    return rows.map((row) => row.name);
  }

  /** One page of the shop, cheapest first. */
  public async shopPage(guildId: string, offset: number, limit: number): Promise<{ items: ShopItem[]; total: number }> {
    const rows: (ItemRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}, count(*) OVER () AS total FROM economy_item WHERE guild_id = $1 AND for_sale
       ORDER BY price ASC, name ASC OFFSET $2 LIMIT $3`,
      [guildId, offset, limit],
    );
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows[0] && offset > 0) {
      const [count] = (await this.dataSource.query(
        `SELECT count(*) AS total FROM economy_item WHERE guild_id = $1 AND for_sale`,
        [guildId],
      )) as { total: string }[];
      total = Number(count?.total ?? 0);
    }
    return { items: rows.map(toItem), total };
  }

  /**
   * Buys `quantity` of an item: wallet debited, limited stock decremented, inventory credited and a PURCHASE row, in
   * one transaction. For ROLE items `grantRole` runs inside it: if Discord refuses, nothing is bought.
   */
  public async buy(
    guildId: string,
    userId: string,
    itemName: string,
    quantity: number,
    roles: RoleGrants,
  ): Promise<{ item: ShopItem; cost: number; account: Account }> {
    const settings = await this.plugin.settings(guildId);
    const item = (await this.findItem(guildId, itemName, { forSaleOnly: true }))!;
    const account = await this.accounts.account(guildId, userId);
    if (item.type === ItemType.ROLE) {
      if (quantity !== 1) refuse('RoleItemQuantity', `**${item.name}** is a role: you can buy only one.`);
      const [owned] = (await this.dataSource.query(
        `SELECT quantity FROM economy_inventory WHERE economy_id = $1 AND item_id = $2 AND quantity > 0`,
        [account.id, item.id],
      )) as unknown[];
      if (owned) refuse('AlreadyOwned', `You already own **${item.name}**.`);
    }
    const cost = item.price * quantity;
    if (cost > MONEY_CEILING) refuse('InsufficientFunds', `Nobody can afford ${quantity} × **${item.name}**.`);
    let granted = false;
    try {
      const updated = await inTransaction(this.dataSource, async (manager) => {
        const [row] = (await manager.query(
          `WITH changed AS (UPDATE economy SET balance = balance - $2 WHERE id = $1 AND balance >= $2
                            RETURNING ${ACCOUNT_COLUMNS})
           SELECT * FROM changed`,
          [account.id, cost],
        )) as AccountRow[];
        if (!row) {
          refuse(
            'InsufficientFunds',
            `${quantity} × **${item.name}** costs ${formatMoney(cost, settings)}; your wallet holds ${formatMoney(account.balance, settings)}.`,
          );
        }
        if (item.isLimited) {
          const [stock] = (await manager.query(
            `WITH changed AS (UPDATE economy_item SET quantity = quantity - $2 WHERE id = $1 AND quantity >= $2
                              RETURNING quantity)
             SELECT * FROM changed`,
            [item.id, quantity],
          )) as unknown[];
          if (!stock) {
            const [left] = (await manager.query(`SELECT quantity FROM economy_item WHERE id = $1`, [item.id])) as {
              quantity: number;
            }[];
            if (!left?.quantity) refuse('SoldOut', `**${item.name}** is sold out.`);
            refuse('NotEnoughStock', `Only ${left.quantity} × **${item.name}** left in the shop.`);
          }
        }
        // A role is owned once: checked again here, after the wallet UPDATE has locked the account row, so two
        // purchases of the same role at once cannot both pass the check made before the transaction.
        const [stored] = (await manager.query(
          `INSERT INTO economy_inventory (guild_id, economy_id, item_id, quantity) VALUES ($1, $2, $3, $4)
           ON CONFLICT (guild_id, economy_id, item_id) DO UPDATE SET quantity = economy_inventory.quantity + $4
           WHERE NOT $5 OR economy_inventory.quantity = 0
           RETURNING quantity`,
          [guildId, account.id, item.id, quantity, item.type === ItemType.ROLE],
        )) as unknown[];
        if (!stored) refuse('AlreadyOwned', `You already own **${item.name}**.`);
        await manager.query(`${LEDGER_INSERT} VALUES ($1, $2, 'PURCHASE', $3, $4, NULL, NULL)`, [
          guildId,
          account.id,
          -cost,
          `Bought ${quantity} × ${item.name}`.slice(0, 200),
        ]);
        if (item.roleId) {
          await roles.grant(item.roleId);
          granted = true;
        }
        return toAccount(row);
      });
      return { item, cost, account: updated };
    } catch (error) {
      // The role was granted but the purchase did not commit: take the role back so nothing is free.
      if (granted && item.roleId) await roles.revoke(item.roleId).catch(() => undefined);
      throw error;
    }
  }

  /** Sells items back for `sellRatio` of their price; a ROLE item's role is taken back inside the transaction. */
  public async sell(
    guildId: string,
    userId: string,
    itemName: string,
    quantity: number,
    roles: Pick<RoleGrants, 'revoke'>,
  ): Promise<{ item: ShopItem; payout: number; account: Account }> {
    const settings = await this.plugin.settings(guildId);
    const item = (await this.findItem(guildId, itemName))!;
    const account = await this.accounts.account(guildId, userId);
    const payout = Math.floor(item.price * settings.sellRatio) * quantity;
    const updated = await inTransaction(this.dataSource, async (manager) => {
      // The wallet row first, as in `buy`, so a member buying and selling at once cannot deadlock.
      const [row] = (await manager.query(
        `WITH changed AS (UPDATE economy SET balance = balance + $2 WHERE id = $1 AND balance + $2 <= $3
                          RETURNING ${ACCOUNT_COLUMNS})
         SELECT * FROM changed`,
        [account.id, payout, settings.maxBalance],
      )) as AccountRow[];
      if (!row) refuse('WalletFull', `Your wallet is full (at most ${formatMoney(settings.maxBalance, settings)}).`);
      const [left] = (await manager.query(
        `WITH changed AS (
           UPDATE economy_inventory SET quantity = quantity - $3, equipped = equipped AND quantity - $3 > 0
           WHERE economy_id = $1 AND item_id = $2 AND quantity >= $3 RETURNING quantity)
         SELECT * FROM changed`,
        [account.id, item.id, quantity],
      )) as { quantity: number }[];
      if (!left) {
        const [owned] = (await manager.query(
          `SELECT quantity FROM economy_inventory WHERE economy_id = $1 AND item_id = $2`,
          [account.id, item.id],
        )) as { quantity: number }[];
        if (!owned?.quantity) refuse('NotOwned', `You don't own any **${item.name}**.`);
        refuse('NotEnoughOwned', `You only own ${owned.quantity} × **${item.name}**.`);
      }
      await manager.query(`${LEDGER_INSERT} VALUES ($1, $2, 'SALE', $3, $4, NULL, NULL)`, [
        guildId,
        account.id,
        payout,
        `Sold ${quantity} × ${item.name}`.slice(0, 200),
      ]);
      if (item.roleId && left.quantity === 0) await roles.revoke(item.roleId);
      return toAccount(row);
    });
    return { item, payout, account: updated };
  }

  /** What a member owns, by item name. */
  public async inventory(guildId: string, userId: string): Promise<OwnedItem[]> {
    const rows: (ItemRow & { owned: number; equipped: boolean })[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS.split(', ')
        .map((column) => `i.${column}`)
        .join(', ')}, inv.quantity AS owned, inv.equipped
       FROM economy_inventory inv
       JOIN economy e ON e.id = inv.economy_id JOIN economy_item i ON i.id = inv.item_id
       WHERE e.guild_id = $1 AND e.user_id = $2 AND inv.quantity > 0
       ORDER BY i.name`,
      [guildId, userId],
    );
    return rows.map((row) => ({ ...toItem(row), owned: row.owned, equipped: row.equipped }));
  }

  /**
   * The member's equipped BACKGROUND item, with its uploaded image (null for a shipped background it names), or
   * undefined when none is equipped. Reads only: no account is opened.
   */
  public async equippedBackground(guildId: string, userId: string): Promise<EquippedBackground | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT i.name, i.description, i.background_image AS image
       FROM economy_inventory inv
       JOIN economy e ON e.id = inv.economy_id JOIN economy_item i ON i.id = inv.item_id
       WHERE e.guild_id = $1 AND e.user_id = $2 AND inv.equipped AND inv.quantity > 0 AND i.type = 'BACKGROUND'
       LIMIT 1`,
      [guildId, userId],
    )) as { name: string; description: string | null; image: Uint8Array | null }[];
    if (!row) return undefined;
    // node-postgres gives a Buffer, embedded PGlite a Uint8Array.
    return { name: row.name, description: row.description, image: row.image && Buffer.from(row.image) };
  }

  /**
   * Equips a BADGE or BACKGROUND the member owns, unequipping the other one of that type. The account row is locked
   * first, so two equips of the same member run one after the other and the second sees what the first equipped.
   */
  public async equip(guildId: string, userId: string, itemName: string): Promise<ShopItem> {
    const item = (await this.findItem(guildId, itemName))!;
    if (item.type !== ItemType.BADGE && item.type !== ItemType.BACKGROUND) {
      refuse(
        'NotEquippable',
        `Only badges and backgrounds can be equipped; **${item.name}** is a ${item.type.toLowerCase()}.`,
      );
    }
    const account = await this.accounts.account(guildId, userId);
    const rows = await inTransaction(this.dataSource, async (manager) => {
      await manager.query(`SELECT 1 FROM economy WHERE id = $1 FOR UPDATE`, [account.id]);
      return (await manager.query(
        `WITH owned AS (
           SELECT 1 FROM economy_inventory WHERE economy_id = $1 AND item_id = $2 AND quantity > 0),
         changed AS (
           UPDATE economy_inventory inv SET equipped = (inv.item_id = $2)
           FROM economy_item i
           WHERE EXISTS (SELECT 1 FROM owned) AND i.id = inv.item_id AND inv.economy_id = $1
             AND i.type = $3::economy_item_type AND (inv.equipped OR inv.item_id = $2)
           RETURNING inv.item_id)
         SELECT * FROM changed`,
        [account.id, item.id, item.type],
      )) as { item_id: number }[];
    });
    if (!rows.some((row) => row.item_id === item.id)) refuse('NotOwned', `You don't own **${item.name}**.`);
    return item;
  }

  /** Unequips the member's badge and/or background; returns the names unequipped. */
  public async unequip(guildId: string, userId: string, type?: ItemType): Promise<string[]> {
    const account = await this.accounts.account(guildId, userId);
    const rows: { name: string }[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy_inventory inv SET equipped = false FROM economy_item i
         WHERE i.id = inv.item_id AND inv.economy_id = $1 AND inv.equipped
           AND ($2::economy_item_type IS NULL OR i.type = $2::economy_item_type)
         RETURNING i.name)
       SELECT * FROM changed`,
      [account.id, type ?? null],
    );
    return rows.map((row) => row.name);
  }

  /** Uses one CONSUMABLE: decremented atomically; returns how many are left. */
  public async use(guildId: string, userId: string, itemName: string): Promise<{ item: ShopItem; remaining: number }> {
    const item = (await this.findItem(guildId, itemName))!;
    if (item.type !== ItemType.CONSUMABLE) {
      refuse('NotConsumable', `**${item.name}** is not something you can use up; only consumables can be used.`);
    }
    const account = await this.accounts.account(guildId, userId);
    const [row] = (await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy_inventory SET quantity = quantity - 1
         WHERE economy_id = $1 AND item_id = $2 AND quantity >= 1 RETURNING quantity)
       SELECT * FROM changed`,
      [account.id, item.id],
    )) as { quantity: number }[];
    if (!row) refuse('NotOwned', `You don't have any **${item.name}** left.`);
    return { item, remaining: row.quantity };
  }
}
