import { UserError } from '@sapphire/framework';
import type { DataSource, EntityManager } from 'typeorm';
import type { ItemType } from '../entities/Item';
import type { Account, ShopItem } from './types';

/** The SQL the economy services share: column lists, row shapes and their mapping, transactions. */

export const ACCOUNT_COLUMNS = 'id, user_id, balance, bank, streak, weekly_streak, last_daily, last_weekly, last_work';
export const ITEM_COLUMNS = 'id, name, type, description, price, is_limited, quantity, role_id, for_sale';
export const LEDGER_INSERT =
  'INSERT INTO economy_transaction (guild_id, economy_id, type, amount, description, actor_id, counterparty_id)';

export const UNIQUE_VIOLATION = '23505';
/** PostgreSQL error codes after which a transaction can simply run again. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);

export interface AccountRow {
  id: number;
  user_id: string;
  balance: string;
  bank: string;
  streak: number;
  weekly_streak: number;
  last_daily: Date | null;
  last_weekly: Date | null;
  last_work: Date | null;
}

export interface ItemRow {
  id: number;
  name: string;
  type: ItemType;
  description: string | null;
  price: string;
  is_limited: boolean;
  quantity: number | null;
  role_id: string | null;
  for_sale: boolean;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    userId: String(row.user_id),
    balance: Number(row.balance),
    bank: Number(row.bank),
    streak: row.streak,
    weeklyStreak: row.weekly_streak,
    lastDaily: row.last_daily,
    lastWeekly: row.last_weekly,
    lastWork: row.last_work,
  };
}

export function toItem(row: ItemRow): ShopItem {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    description: row.description,
    price: Number(row.price),
    isLimited: row.is_limited,
    quantity: row.quantity,
    roleId: row.role_id === null ? null : String(row.role_id),
    forSale: row.for_sale,
  };
}

export function refuse(identifier: string, message: string): never {
  throw new UserError({ identifier, message });
}

export function driverErrorCode(error: unknown): string | undefined {
  return (error as { driverError?: { code?: string } }).driverError?.code;
}

/** Runs `work` again (up to three times in all) after a deadlock or serialization error. */
export async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = driverErrorCode(error);
      if (attempt >= 3 || !code || !RETRYABLE_CODES.has(code)) throw error;
    }
  }
}

/** Runs `work` in a READ COMMITTED transaction, again after a deadlock or serialization error. */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return withRetry(() => dataSource.transaction(work));
}
