import { container } from '@sapphire/framework';
import type { EquippedBackground } from '#core/plugin-kit/cardBackgrounds';

/**
 * The economy plugin is an optional partner of levels: where it is installed and on, the rank card shows the
 * member's equipped BACKGROUND item. Its name is spelled here, once, because levels has no handle of economy's (it
 * must not import its manifest) and asks the core whether it is on in a guild.
 */
const ECONOMY = 'economy';

/**
 * What levels reads of economy, typed here by the one method it uses, so levels still compiles and runs when
 * economy is not installed (its `Container` declaration then does not exist).
 */
interface PartnerServices {
  economy?: {
    equippedBackground(guildId: string, userId: string): Promise<EquippedBackground | undefined>;
  };
}

/** The member's equipped background where economy is installed and enabled in the guild; else undefined. */
export async function equippedBackgroundOf(guildId: string, userId: string): Promise<EquippedBackground | undefined> {
  const { economy } = container as unknown as PartnerServices;
  if (!economy || !(await container.guildSettings.isEnabled(guildId, ECONOMY))) return undefined;
  return economy.equippedBackground(guildId, userId);
}
