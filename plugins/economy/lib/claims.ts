import { container } from '@sapphire/framework';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import type { ClaimKind } from '../services/EconomyService';
import { formatMoney } from '../services/format';
import { replyInTime } from './replyInTime';

/** Claims the daily or weekly reward for the member and says what they got and how long their streak is. */
export async function claimAndReply(source: CommandSource, guildId: string, userId: string, kind: ClaimKind) {
  await replyInTime(source, async () => {
    const { reward, streak, account } = await container.economy.claim(guildId, userId, kind);
    const settings = await economy.settings(guildId);
    const unit = kind === 'daily' ? 'day' : 'week';
    return `You claimed your ${kind} reward of ${formatMoney(reward, settings)}! Streak: ${streak} ${unit}${streak === 1 ? '' : 's'}. Wallet: ${formatMoney(account.balance, settings)}.`;
  });
}
