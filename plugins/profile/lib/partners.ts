import { container } from '@sapphire/framework';
import type { EquippedBackground } from '#core/plugin-kit/cardBackgrounds';
import type { ProfilePartners } from '../services/ProfileService';

/**
 * The optional partners, by name. They are spelled here, once, because the profile plugin has no handle of theirs
 * (it must not import their manifests) and asks the core whether they are on in a guild.
 */
const LEVELS = 'levels';
const ECONOMY = 'economy';
const ACHIEVEMENTS = 'achievements';
const TICKETS = 'tickets';

/**
 * What the profile reads of levels and economy, typed here by the few methods it uses, so the plugin still compiles
 * and runs when either is not installed (their `Container` declarations then do not exist).
 */
interface PartnerServices {
  tickets?: {
    repository: { stats(guildId: string): Promise<{ medianFirstResponseSeconds: number | null }> };
  };
  achievements?: {
    badgesOf(guildId: string, userId: string): Promise<{ id: number; name: string }[]>;
  };
  levels?: {
    profile(guildId: string, userId: string): Promise<{ level: number }>;
    rankOf(guildId: string, userId: string): Promise<number | null>;
  };
  economy?: {
    balance(guildId: string, userId: string): Promise<{ total: number }>;
    equippedBackground(guildId: string, userId: string): Promise<EquippedBackground | undefined>;
    shop: {
      inventory(
        guildId: string,
        userId: string,
      ): Promise<{ name: string; description: string | null; type: string; equipped: boolean }[]>;
    };
  };
}

interface EnabledCheck {
  isEnabled(guildId: string, plugin: string): Promise<boolean>;
}

/** The partners' contributions to a profile, each only where that plugin is enabled in the guild. */
export function partnersOf(core: EnabledCheck): ProfilePartners {
  // The container declares the partners only when they are installed: read them through the narrow shape above.
  const services = () => container as unknown as PartnerServices;
  return {
    levelOf: async (guildId, userId) => {
      const { levels } = services();
      if (!levels || !(await core.isEnabled(guildId, LEVELS))) return undefined;
      const [profile, rank] = await Promise.all([levels.profile(guildId, userId), levels.rankOf(guildId, userId)]);
      return { level: profile.level, rank };
    },
    balanceOf: async (guildId, userId) => {
      const { economy } = services();
      if (!economy || !(await core.isEnabled(guildId, ECONOMY))) return undefined;
      return (await economy.balance(guildId, userId)).total;
    },
    backgroundOf: async (guildId, userId) => {
      const { economy } = services();
      if (!economy || !(await core.isEnabled(guildId, ECONOMY))) return undefined;
      return economy.equippedBackground(guildId, userId);
    },
    badgesOf: async (guildId, userId) => {
      const { achievements, economy } = services();
      if (achievements && (await core.isEnabled(guildId, ACHIEVEMENTS))) {
        const held = await achievements.badgesOf(guildId, userId);
        return {
          source: 'achievements',
          badges: held.map((badge) => ({ id: badge.id, name: badge.name, equipped: false })),
        };
      }
      // Without achievements, the BADGE items the member owns are their badges, the equipped one highlighted.
      if (economy && (await core.isEnabled(guildId, ECONOMY))) {
        const owned = await economy.shop.inventory(guildId, userId);
        const badges = owned
          .filter((item) => item.type === 'BADGE')
          .map((item) => ({ id: null, name: item.name, equipped: item.equipped }));
        return { source: 'economy', badges };
      }
      return { source: 'none', badges: [] };
    },
  };
}

/** The tickets plugin's median first response in the guild (seconds; null without any); undefined where it is off. */
export async function medianFirstResponseOf(core: EnabledCheck, guildId: string): Promise<number | null | undefined> {
  const { tickets } = container as unknown as PartnerServices;
  if (!tickets || !(await core.isEnabled(guildId, TICKETS))) return undefined;
  return (await tickets.repository.stats(guildId)).medianFirstResponseSeconds;
}
