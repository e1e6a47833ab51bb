import { UserError } from '@sapphire/framework';
import type { DataSource } from 'typeorm';
import type { EquippedBackground } from '#core/plugin-kit/cardBackgrounds';
import type { Profile, ProfilePrivacy } from '../entities/Profile';
import { ProfileBadgeSelection } from '../entities/ProfileBadgeSelection';
import { ProfileRepository } from './ProfileRepository';

export const BIO_MAX = 300;
export const TITLE_MAX = 40;

/** The networks a profile may link, and the hosts each accepts (a personal site accepts any https URL). */
export const SOCIAL_NETWORKS = {
  github: ['github.com'],
  x: ['x.com', 'twitter.com'],
  youtube: ['youtube.com', 'youtu.be'],
  twitch: ['twitch.tv'],
  instagram: ['instagram.com'],
  tiktok: ['tiktok.com'],
  reddit: ['reddit.com'],
  steam: ['steamcommunity.com', 'steampowered.com'],
  website: null,
} as const satisfies Record<string, readonly string[] | null>;

export type SocialNetwork = keyof typeof SOCIAL_NETWORKS;

/** What other plugins contribute to a profile in a guild; each is undefined where that plugin is off. */
export interface ProfilePartners {
  levelOf(guildId: string, userId: string): Promise<{ level: number; rank: number | null } | undefined>;
  balanceOf(guildId: string, userId: string): Promise<number | undefined>;
  /** The equipped BACKGROUND item: the shipped background it names, or the image an admin uploaded for it. */
  backgroundOf(guildId: string, userId: string): Promise<EquippedBackground | undefined>;
  /**
   * The member's badges in the guild: the achievements plugin's (selectable with `/profile badge select`) when it is
   * on, else the BADGE items they own (the equipped one is the selected one).
   */
  badgesOf(
    guildId: string,
    userId: string,
  ): Promise<{
    source: 'achievements' | 'economy' | 'none';
    badges: { id: number | null; name: string; equipped: boolean }[];
  }>;
}

/** A profile as shown to `viewerId` in a guild. */
export interface ProfileView {
  userId: string;
  bio: string | null;
  title: string | null;
  accent: string | null;
  socials: [string, string][];
  level: { level: number; rank: number | null } | undefined;
  balance: number | undefined;
  badges: { name: string; selected: boolean }[];
  background: EquippedBackground | undefined;
}

/** Profiles: edits with their validation, privacy, and the view a guild shows. */
export class ProfileService {
  public readonly profiles: ProfileRepository;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly partners: ProfilePartners,
  ) {
    this.profiles = new ProfileRepository(dataSource);
  }

  private get selections() {
    return this.dataSource.getRepository(ProfileBadgeSelection);
  }

  /** Highlights one of the member's badges of this guild on their card here; returns its name. */
  public async selectBadge(guildId: string, userId: string, name: string): Promise<string> {
    const held = await this.partners.badgesOf(guildId, userId);
    if (held.source !== 'achievements') {
      throw new UserError({
        identifier: 'NoBadgeSource',
        message:
          held.source === 'economy'
            ? 'Your highlighted badge here is the BADGE item you equip: use `/equip`.'
            : 'Badges come from the achievements plugin, which is not on in this server.',
      });
    }
    const wanted = name.trim().toLowerCase();
    const badge = held.badges.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (!badge || badge.id === null) {
      const yours = held.badges.map((candidate) => candidate.name).join(', ');
      throw new UserError({
        identifier: 'UnknownBadge',
        message: `You hold no badge called \`${name.trim().slice(0, 64)}\` here. ${yours ? `Yours: ${yours}.` : 'You hold no badges here yet.'}`,
      });
    }
    await this.selections.upsert({ guildId, userId, badgeId: badge.id }, ['guildId', 'userId']);
    return badge.name;
  }

  /** A member's first badge in a guild becomes their selected one (a later badge does not replace a choice). */
  public async selectFirstBadge(guildId: string, userId: string, badgeId: number): Promise<void> {
    await this.selections.createQueryBuilder().insert().values({ guildId, userId, badgeId }).orIgnore().execute();
  }

  /** Saves the editor's fields (an empty one clears it); refuses the whole edit if any field is invalid. */
  public async edit(userId: string, input: { bio: string; title: string; accent: string }): Promise<Profile> {
    const bio = input.bio.trim();
    const title = input.title.trim();
    if (bio.length > BIO_MAX) {
      throw new UserError({
        identifier: 'BioTooLong',
        message: `Your bio can be at most ${BIO_MAX} characters; this one has ${bio.length.toLocaleString('en-US')}. Nothing was saved.`,
      });
    }
    if (title.length > TITLE_MAX) {
      throw new UserError({
        identifier: 'TitleTooLong',
        message: `Your title can be at most ${TITLE_MAX} characters. Nothing was saved.`,
      });
    }
    return this.profiles.upsert(userId, {
      bio: bio || null,
      customTitle: title || null,
      accent: input.accent.trim() ? parseAccent(input.accent) : null,
    });
  }

  /** Sets (or, without a URL, removes) the link of one network. */
  public async setSocial(userId: string, network: SocialNetwork, url: string | null): Promise<Profile> {
    if (url === null) return this.profiles.mergeJson(userId, 'socials', {}, [network]);
    return this.profiles.mergeJson(userId, 'socials', { [network]: parseSocialUrl(network, url) }, []);
  }

  public setPrivacy(userId: string, privacy: ProfilePrivacy): Promise<Profile> {
    return this.profiles.mergeJson(userId, 'settings', { ...privacy }, []);
  }

  /** The profile of `userId` in a guild, as `viewerId` may see it (a member sees all of their own). */
  public async view(guildId: string, userId: string, viewerId: string): Promise<ProfileView> {
    const profile = await this.profiles.find(userId);
    const privacy = viewerId === userId ? {} : (profile?.settings ?? {});
    const [level, balance, background, held, selection] = await Promise.all([
      privacy.hideLevel ? undefined : this.partners.levelOf(guildId, userId),
      privacy.hideBalance ? undefined : this.partners.balanceOf(guildId, userId),
      this.partners.backgroundOf(guildId, userId),
      this.partners.badgesOf(guildId, userId),
      this.selections.findOneBy({ guildId, userId }),
    ]);
    const badges = held.badges.map((badge) => ({
      name: badge.name,
      selected: held.source === 'achievements' ? badge.id === selection?.badgeId : badge.equipped,
    }));
    // In the networks' order, not the JSON column's (which orders keys by length).
    const socials = Object.keys(SOCIAL_NETWORKS)
      .map((network): [string, string | undefined] => [network, profile?.socials[network]])
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return {
      userId,
      bio: profile?.bio ?? null,
      title: profile?.customTitle ?? null,
      accent: profile?.accent ?? null,
      socials,
      level,
      balance,
      badges,
      background,
    };
  }
}

/** `#abc` or `#aabbcc` (the # optional) as `#aabbcc`; anything else is refused. */
export function parseAccent(text: string): string {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (!match) {
    throw new UserError({
      identifier: 'BadAccent',
      message: `\`${text.trim().slice(0, 20)}\` is not a hex colour: use one like \`#5865f2\`. Nothing was saved.`,
    });
  }
  const hex = match[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex}`;
}

/** An https URL on one of the network's hosts (any host for a personal site), normalised. */
export function parseSocialUrl(network: SocialNetwork, text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UserError({
      identifier: 'BadSocialUrl',
      message: `\`${text.slice(0, 100)}\` is not a URL: give a full https:// link.`,
    });
  }
  if (url.protocol !== 'https:') {
    throw new UserError({ identifier: 'BadSocialUrl', message: 'Links must start with https://.' });
  }
  const hosts: readonly string[] | null = SOCIAL_NETWORKS[network];
  const host = url.hostname.toLowerCase();
  if (hosts && !hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))) {
    throw new UserError({
      identifier: 'BadSocialUrl',
      message: `A ${network} link must be on ${hosts.join(' or ')}.`,
    });
  }
  return url.toString();
}
