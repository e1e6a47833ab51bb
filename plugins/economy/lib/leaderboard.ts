import { container } from '@sapphire/framework';
import type { LeaderboardDefinition } from '#core/leaderboards/types';
import type { BoardSort } from '../services/EconomyService';
import { formatMoney } from '../services/format';

const BOARD_SORTS = [
  { name: 'Total', value: 'total' },
  { name: 'Wallet', value: 'wallet' },
  { name: 'Bank', value: 'bank' },
] as const satisfies readonly { name: string; value: BoardSort }[];

function boardSort(sort: string | undefined): BoardSort {
  return BOARD_SORTS.find((candidate) => candidate.value === sort)?.value ?? 'total';
}

/** What each sort shows of an entry's wallet and bank. */
const SHOWN: Record<BoardSort, (wallet: number, bank: number) => number> = {
  total: (wallet, bank) => wallet + bank,
  wallet: (wallet) => wallet,
  bank: (_, bank) => bank,
};

/** `/leaderboard economy [total|wallet|bank]`: the core command pages it; the service ranks. */
export const economyLeaderboard: LeaderboardDefinition = {
  name: 'economy',
  description: 'Richest members, by total, wallet or bank.',
  sorts: BOARD_SORTS,
  async page({ guildId, sort, offset, limit }) {
    const { economy } = container;
    const by = boardSort(sort);
    const [settings, { entries, total }] = await Promise.all([
      economy.settings(guildId),
      economy.board(guildId, by, offset, limit),
    ]);
    return {
      total,
      entries: entries.map((entry) => ({
        userId: entry.userId,
        value: formatMoney(SHOWN[by](entry.wallet, entry.bank), settings),
      })),
    };
  },
  rankOf: ({ guildId, sort, userId }) => container.economy.rankOf(guildId, boardSort(sort), userId),
};
