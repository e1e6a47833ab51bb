import type { EconomySettings } from '../settings';

/** `🪙 1,234` with the guild's currency symbol. */
export function formatMoney(amount: number, settings: Pick<EconomySettings, 'currencySymbol'>): string {
  return `${settings.currencySymbol} ${amount.toLocaleString('en-US')}`;
}
