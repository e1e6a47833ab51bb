import { z } from 'zod';
import { MONEY_CEILING } from './entities/moneyTransformer';

const money = (fallback: number, describe: string) =>
  z.number().int().min(0).max(MONEY_CEILING).default(fallback).describe(describe);
const hours = (fallback: number, describe: string) =>
  z
    .number()
    .min(0)
    .max(24 * 366)
    .default(fallback)
    .describe(describe);

/** Per-guild economy settings; `/plugins config economy <key> <value>` changes them. */
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
