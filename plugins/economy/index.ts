import { container } from '@sapphire/framework';
import { z } from 'zod';
import type { LeaderboardDefinition } from '#core/leaderboards/types';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { Economy } from './entities/Economy';
import { Inventory } from './entities/Inventory';
import { Item } from './entities/Item';
import { MONEY_CEILING } from './entities/moneyTransformer';
import { Transaction } from './entities/Transaction';
import { EconomySchema1795598707233 } from './migrations/1795598707233-EconomySchema';
import { EconomyTransferFunction1795600000000 } from './migrations/1795600000000-EconomyTransferFunction';
import { EconomyLedgerDirection1795600076492 } from './migrations/1795600076492-EconomyLedgerDirection';
import { EconomyService, type BoardSort } from './services/EconomyService';
import { formatMoney } from './services/format';
import { economyEvents } from './events';

export type { EconomyItemUsedEvent } from './events';

const money = (fallback: number, describe: string) =>
  z.number().int().min(0).max(MONEY_CEILING).default(fallback).describe(describe);
const hours = (fallback: number, describe: string) =>
  z
    .number()
    .min(0)
    .max(24 * 366)
    .default(fallback)
    .describe(describe);

export const economySettings = z
  .object({
    currencyName: z.string().min(1).max(32).default('coins').describe('Name of the currency'),
    currencySymbol: z.string().min(1).max(16).default('🪙').describe('Symbol shown before amounts'),
    startingBalance: money(0, "Wallet of a member's new account"),
    maxBalance: money(1_000_000_000_000, 'Most a wallet, or a bank, can hold'),
    dailyAmount: money(100, 'Reward of /daily'),
    dailyCooldownHours: hours(24, 'Hours between two /daily claims'),
    weeklyAmount: money(1_000, 'Reward of /weekly'),
    weeklyCooldownHours: hours(168, 'Hours between two /weekly claims'),
    streakGraceHours: hours(24, 'Hours after a claim becomes due during which the streak still grows'),
    dailyStreakBonus: money(10, 'Extra /daily reward per day of streak'),
    weeklyStreakBonus: money(100, 'Extra /weekly reward per week of streak'),
    maxStreakBonus: money(1_000, 'Cap of the streak bonus of one claim'),
    workMin: money(50, 'Least /work pays'),
    workMax: money(200, 'Most /work pays'),
    workCooldownMinutes: z.number().min(0).max(10_080).default(60).describe('Minutes between two /work'),
    sellRatio: z.number().min(0).max(1).default(0.5).describe('Share of the price /sell pays back (0–1)'),
  })
  .refine((settings) => settings.workMin <= settings.workMax, { message: 'workMin must not exceed workMax' })
  .refine((settings) => settings.startingBalance <= settings.maxBalance, {
    message: 'startingBalance must not exceed maxBalance',
  });

export type EconomySettings = z.infer<typeof economySettings>;

declare module '@sapphire/pieces' {
  interface Container {
    /** Credit, debit, transfer and balances for other plugins (list `economy` in your dependencies). */
    economy: EconomyService;
  }
}

const BOARD_SORTS = [
  { name: 'Total', value: 'total' },
  { name: 'Wallet', value: 'wallet' },
  { name: 'Bank', value: 'bank' },
] as const satisfies readonly { name: string; value: BoardSort }[];

function boardSort(sort: string | undefined): BoardSort {
  return BOARD_SORTS.find((candidate) => candidate.value === sort)?.value ?? 'total';
}

/** `/leaderboard economy [total|wallet|bank]`. */
const economyBoard: LeaderboardDefinition = {
  name: 'economy',
  description: 'Richest members, by total, wallet or bank.',
  sorts: BOARD_SORTS,
  async page({ guildId, sort, offset, limit }) {
    const settings = await container.economy.settings(guildId);
    const { entries, total } = await container.economy.board(guildId, boardSort(sort), offset, limit);
    const shown = {
      total: (w: number, b: number) => w + b,
      wallet: (w: number) => w,
      bank: (_: number, b: number) => b,
    };
    return {
      total,
      entries: entries.map((entry) => ({
        userId: entry.userId,
        value: formatMoney(shown[boardSort(sort)](entry.wallet, entry.bank), settings),
      })),
    };
  },
  rankOf: ({ guildId, sort, userId }) => container.economy.rankOf(guildId, boardSort(sort), userId),
};

export default definePlugin({
  name: 'economy',
  description: 'Wallet and bank, daily/weekly/work, transfers, a shop with role items, inventory and a ledger.',
  defaultEnabled: false,
  settings: economySettings,
  entities: [Economy, Transaction, Item, Inventory],
  migrations: [EconomySchema1795598707233, EconomyTransferFunction1795600000000, EconomyLedgerDirection1795600076492],
  leaderboards: [economyBoard],
  events: economyEvents,
  setup: (economy) => {
    container.economy = new EconomyService(container.database, (guildId) => economy.settings(guildId));
  },
});
