import { UserError } from '@sapphire/framework';
import { Routes, userMention, type Client } from 'discord.js';
import { ownsGuild } from '#core/plugin-kit/guildOwnership';
import type { SettingNotices } from '#core/plugin-kit/settingNotices';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import { AchievementType } from '../entities/Achievement';
import type { AchievementsSettings, achievementsSettings } from '../settings';
import type { AchievementDefinition, AchievementInput } from './types';
import {
  isCounted,
  isUniqueViolation,
  type AchievementRepository,
  type CountedType,
  type HeldBadge,
  type MemberCounters,
  type UnlockRow,
} from './AchievementRepository';
import { TYPE_ICONS } from './defaults';
import { isEmoji, renderUnlock } from './render';
import { cut, DISCORD_LIMITS } from '#core/plugin-kit/discordLimits';

/** The economy as achievements uses it (an optional partner: absent when not installed or not enabled). */
export interface EconomyPartner {
  credit(guildId: string, userId: string, amount: number, note: { description?: string | null }): Promise<unknown>;
  /** The member's items, with their type (`BADGE` ones become badges). */
  inventory(guildId: string, userId: string): Promise<{ id: number; name: string; type: string }[]>;
}

/** The other plugins achievements cooperates with, each looked up per guild (see `lib/partners.ts`). */
export interface Partners {
  economyIn(guildId: string): Promise<EconomyPartner | undefined>;
  levelsOn(guildId: string): Promise<boolean>;
}

export interface AchievementsDeps {
  plugin: PluginHandle<typeof achievementsSettings>;
  repository: AchievementRepository;
  partners: Partners;
  /** The Discord client (made after `setup`, hence a getter): events are emitted on it, messages go through REST. */
  client: () => Client;
  scheduleRetro(
    payload: { guildId: string; achievementId: number; channelId: string | null },
    jobId: string,
  ): Promise<void>;
  logError(what: string, error: unknown): void;
  /** Tells the admins once about an announcement channel that was deleted. */
  notices: SettingNotices;
}

/** Where one unlock came from, and where its announcement may go. */
interface DeliveryContext {
  via: 'event' | 'grant' | 'retroactive';
  /** The channel where it happened, per member (`current` announcements). */
  channelOf?: (userId: string) => string | null;
}

export interface ProgressItem {
  definition: AchievementDefinition;
  state: 'earned' | 'progress' | 'locked' | 'unavailable';
  earnedAt: Date | null;
  /** The member's counter of the achievement's type (0 for SPECIAL). */
  value: number;
}

export interface CreateInput {
  name: string;
  description: string;
  type: AchievementType;
  requirement?: number | null;
  reward?: number | null;
  icon?: string | null;
  hidden?: boolean | null;
}

export type EditInput = { [K in keyof CreateInput]?: CreateInput[K] | null };

interface MessageBatch {
  /** Guild id → user id → the member's latest count (and where they said it). */
  guilds: Map<string, Map<string, { messageCount: number; channelId: string | null }>>;
  done: Promise<UnlockRow[]>;
}

/** A batch of message counts that failed (the database was down, or a deadlock) is tried again after this long. */
const RETRY_MS = 1000;
/** More unlocks than this in one go are announced as one summary rather than one message each. */
const SUMMARY_THRESHOLD = 5;
/** Members named in a summary before "and N more". */
const SUMMARY_NAMES = 20;
/** Members evaluated per statement by the retroactive job. */
export const RETRO_BATCH = 500;
const MAX_REQUIREMENT = 1_000_000;
const MAX_REWARD = 1_000_000_000;
const ITEM_BADGE_ICON = '🏷️';

function refuse(identifier: string, message: string): never {
  throw new UserError({ identifier, message });
}

/** A member's counter for an achievement's type. */
function counterFor(counters: MemberCounters, type: AchievementType): number {
  switch (type) {
    case AchievementType.MESSAGES:
      return counters.messages;
    case AchievementType.TICKETS:
      return counters.tickets;
    case AchievementType.HELP:
      return counters.help;
    case AchievementType.MODERATION:
      return counters.moderation;
    case AchievementType.SPECIAL:
      return 0;
  }
}

/**
 * The achievements plugin's service on `container.achievements`: counts what members do (from other plugins'
 * events), unlocks achievements exactly once (the database decides), pays rewards through the economy when it is
 * on, hands out badges, announces, and re-evaluates existing counters when a requirement is new or lower.
 */
export class AchievementsService {
  /** Guilds whose default set is known to be seeded (in this process). */
  private readonly seeded = new Set<string>();
  /** The levels flushes not yet being written, by guild, recorded together (see `recordMessageCounts`). */
  private messageBatch: MessageBatch | undefined;
  /** The batch being written: the next one starts after it. */
  private writingBatch: Promise<unknown> = Promise.resolve();

  public constructor(private readonly deps: AchievementsDeps) {}

  public get repository(): AchievementRepository {
    return this.deps.repository;
  }

  public settings(guildId: string): Promise<AchievementsSettings> {
    return this.deps.plugin.settings(guildId);
  }

  /** Seeds the guilds' default set the first time each guild is seen (never again, so deletions stick). */
  public async ensureDefaults(...guildIds: string[]): Promise<void> {
    const unseen = guildIds.filter((guildId) => !this.seeded.has(guildId));
    if (unseen.length === 0) return;
    await this.deps.repository.ensureDefaults(unseen);
    for (const guildId of unseen) this.seeded.add(guildId);
  }

  public async definitions(guildId: string): Promise<AchievementDefinition[]> {
    await this.ensureDefaults(guildId);
    return this.deps.repository.list(guildId);
  }

  /** The achievement called `name` (any case), or a polite refusal. */
  public async find(guildId: string, name: string): Promise<AchievementDefinition> {
    await this.ensureDefaults(guildId);
    const found = await this.deps.repository.findByName(guildId, name);
    if (!found) {
      refuse(
        'AchievementUnknown',
        `There is no achievement called **${name.slice(0, 64)}** here. \`/achievements view\` lists them.`,
      );
    }
    return found;
  }

  // Counting -------------------------------------------------------------------------------------------------------

  /**
   * Adds one to a member's counter of `type` and unlocks what it now reaches. `onceKey` makes the count idempotent
   * (a ticket, a case, a rated answer counts once however often its event arrives). The kb plugin's helpful answers
   * come in here as HELP, keyed by entry and rater (see `answerRated`).
   */
  public async count(
    guildId: string,
    userId: string,
    type: CountedType,
    { onceKey, channelId = null }: { onceKey?: string; channelId?: string | null } = {},
  ): Promise<UnlockRow[]> {
    await this.ensureDefaults(guildId);
    const value = await this.deps.repository.bump(guildId, userId, type, onceKey);
    if (value === null) return [];
    const unlocks = await this.deps.repository.unlockReached(type, [{ guildId, userId }]);
    await this.deliver(guildId, unlocks, { via: 'event', channelOf: () => channelId });
    return unlocks;
  }

  /**
   * After a levels flush: stores the members' message counts and unlocks what they have just crossed. A flush announces
   * each guild in turn within one tick; the guilds of that tick share one batch (two statements side by side, see
   * `storeMessageCounts`), so the database sees a batch a flush, not one a guild. Batches are written one after the
   * other, in the order of the flushes: the counts are absolute, and two batches racing could leave a member's older
   * count over a newer one (under load the pipeline bench lost 4,000 of 200,000 that way). Flushes that come while a
   * batch is written join the next one, a member's latest count replacing the earlier. Announcing a batch's unlocks
   * (rewards, REST) does not hold up the next batch: a hundred guilds' announcements kept the last counts of the
   * pipeline bench waiting a second.
   */
  public recordMessageCounts(
    guildId: string,
    members: readonly { userId: string; messageCount: number; channelId: string | null }[],
  ): Promise<UnlockRow[]> {
    if (members.length === 0) return Promise.resolve([]);
    if (!this.messageBatch) {
      const batch: MessageBatch = { guilds: new Map(), done: Promise.resolve([]) };
      const previous = this.writingBatch.catch(() => undefined);
      const written = previous
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => {
          this.messageBatch = undefined;
          return this.writeMessageBatch(batch.guilds);
        });
      batch.done = written.then((unlocks) => this.deliverMessageUnlocks(batch.guilds, unlocks));
      this.messageBatch = batch;
      this.writingBatch = written;
    }
    const { guilds, done } = this.messageBatch;
    let counts = guilds.get(guildId);
    if (!counts) guilds.set(guildId, (counts = new Map()));
    for (const { userId, messageCount, channelId } of members) counts.set(userId, { messageCount, channelId });
    return done.then((unlocks) => unlocks.filter((unlock) => unlock.achievement.guildId === guildId));
  }

  /** Stores a batch's counts and unlocks what they reach; a failed batch is queued again (see below). */
  private async writeMessageBatch(guilds: MessageBatch['guilds']): Promise<UnlockRow[]> {
    const members = [...guilds].flatMap(([guildId, counts]) =>
      [...counts].map(([userId, { messageCount }]) => ({ guildId, userId, count: messageCount })),
    );
    let unlocks: UnlockRow[];
    try {
      await this.ensureDefaults(...guilds.keys());
      unlocks = await this.deps.repository.storeMessageCounts(members);
    } catch (error) {
      // The levels plugin announces a count once: counts that did not reach the table go into the next batch (a part
      // already stored crosses nothing again) a second later — unless a newer count of the member came meanwhile. The
      // next batch starts only after this one settles, so nothing newer can have been written before it.
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      for (const [guildId, counts] of guilds) {
        const newer = this.messageBatch?.guilds.get(guildId);
        const retry = [...counts].filter(([userId]) => !newer?.has(userId));
        const members = retry.map(([userId, count]) => ({ userId, ...count }));
        this.recordMessageCounts(guildId, members).catch(() => undefined); // a new failure is retried the same way
      }
      throw error;
    }
    return unlocks;
  }

  private async deliverMessageUnlocks(guilds: MessageBatch['guilds'], unlocks: UnlockRow[]): Promise<UnlockRow[]> {
    for (const [guildId, counts] of guilds) {
      const mine = unlocks.filter((unlock) => unlock.achievement.guildId === guildId);
      if (mine.length === 0) continue;
      await this.deliver(guildId, mine, { via: 'event', channelOf: (userId) => counts.get(userId)?.channelId ?? null });
    }
    return unlocks;
  }

  /** A ticket was claimed (or assigned): its agent is credited with HELP if it is closed while theirs. */
  public async ticketClaimed(guildId: string, ticketId: number, agentId: string): Promise<void> {
    await this.deps.repository.recordClaim(guildId, ticketId, agentId);
  }

  /**
   * A ticket was closed: TICKETS for its opener (once per ticket, even if reopened and closed again), HELP for the
   * agent who had claimed it (unless they opened it themselves).
   */
  public async ticketClosed(guildId: string, ticketId: number, openerId: string): Promise<void> {
    await this.count(guildId, openerId, AchievementType.TICKETS, { onceKey: `ticket-${ticketId}` });
    const agentId = await this.deps.repository.takeClaim(guildId, ticketId);
    if (agentId && agentId !== openerId) {
      await this.count(guildId, agentId, AchievementType.HELP, { onceKey: `help-ticket-${ticketId}` });
    }
  }

  /**
   * A member rated a knowledge-base answer: "This helped" is one HELP for the entry's author, once per entry and
   * rater — the key is claimed in the counting statement, so a second click, a click on another suggestion of the
   * same entry, or two clicks racing count nothing more, and taking the vote back later does not uncount it. Rating
   * your own entry, and "Not helpful", count nothing.
   */
  public async answerRated(
    guildId: string,
    { entryId, raterId, authorId, helpful }: { entryId: number; raterId: string; authorId: string; helpful: boolean },
  ): Promise<UnlockRow[]> {
    if (!helpful || raterId === authorId) return [];
    return this.count(guildId, authorId, AchievementType.HELP, { onceKey: `kb-helped-${entryId}-${raterId}` });
  }

  // Administration -------------------------------------------------------------------------------------------------

  public async create(guildId: string, input: CreateInput, channelId: string | null) {
    await this.ensureDefaults(guildId);
    const type = input.type;
    const definition: AchievementInput = {
      name: checkedName(input.name),
      description: checkedDescription(input.description),
      type,
      requirement: checkedRequirement(type, input.requirement ?? (type === AchievementType.SPECIAL ? 0 : 1)),
      reward: checkedReward(input.reward ?? 0),
      icon: checkedIcon(input.icon ?? TYPE_ICONS[type]),
      hidden: input.hidden ?? false,
    };
    const retro = isCounted(type);
    let created: AchievementDefinition;
    try {
      created = await this.deps.repository.create(guildId, definition, retro);
    } catch (error) {
      if (isUniqueViolation(error))
        refuse('AchievementExists', `There already is an achievement called **${definition.name}**.`);
      throw error;
    }
    if (retro) await this.queueRetro(created, channelId);
    return { definition: created, retro };
  }

  public async edit(guildId: string, name: string, input: EditInput, channelId: string | null) {
    const before = await this.find(guildId, name);
    const type = input.type ?? before.type;
    const patch: Partial<AchievementInput> = {};
    if (input.name != null) patch.name = checkedName(input.name);
    if (input.description != null) patch.description = checkedDescription(input.description);
    if (input.type != null) patch.type = input.type;
    if (input.requirement != null || input.type != null) {
      patch.requirement = checkedRequirement(
        type,
        input.requirement ?? (type === AchievementType.SPECIAL ? 0 : Math.max(before.requirement, 1)),
      );
    }
    if (input.reward != null) patch.reward = checkedReward(input.reward);
    if (input.icon != null) patch.icon = checkedIcon(input.icon);
    if (input.hidden != null) patch.hidden = input.hidden;
    if (Object.keys(patch).length === 0) refuse('AchievementNoChange', 'Tell me what to change: at least one option.');
    const after: AchievementDefinition = { ...before, ...patch };
    // Members may already qualify: a new type, or a lower bar, is checked against the counters at once.
    const retro = isCounted(after.type) && (after.type !== before.type || after.requirement < before.requirement);
    try {
      await this.deps.repository.update(guildId, before.id, patch, retro);
    } catch (error) {
      if (isUniqueViolation(error))
        refuse('AchievementExists', `There already is an achievement called **${after.name}**.`);
      throw error;
    }
    if (retro) await this.queueRetro(after, channelId);
    return { before, after, retro };
  }

  public async remove(guildId: string, name: string) {
    const definition = await this.find(guildId, name);
    const holders = await this.deps.repository.remove(guildId, definition.id);
    return { definition, holders };
  }

  /** Gives a SPECIAL achievement by hand (with its reward, badge and announcement). */
  public async grant(guildId: string, name: string, userId: string, actorId: string, channelId: string | null) {
    const definition = await this.find(guildId, name);
    if (definition.type !== AchievementType.SPECIAL) {
      refuse(
        'AchievementNotSpecial',
        `**${definition.name}** unlocks by itself (${definition.type}); only SPECIAL achievements are given by hand.`,
      );
    }
    const unlock = await this.deps.repository.grant(guildId, definition.id, userId, actorId);
    if (!unlock) refuse('AchievementAlreadyHeld', `${userMention(userId)} already has **${definition.name}**.`);
    await this.deliver(guildId, [unlock], { via: 'grant', channelOf: () => channelId });
    return unlock;
  }

  /** Takes a SPECIAL achievement back, with its badge (a reward already paid stays paid). */
  public async revoke(guildId: string, name: string, userId: string) {
    const definition = await this.find(guildId, name);
    if (definition.type !== AchievementType.SPECIAL) {
      refuse(
        'AchievementNotSpecial',
        `Only SPECIAL achievements are taken back by hand; **${definition.name}** is ${definition.type}.`,
      );
    }
    if (!(await this.deps.repository.revoke(guildId, definition.id, userId))) {
      refuse('AchievementNotHeld', `${userMention(userId)} does not have **${definition.name}**.`);
    }
    return definition;
  }

  // Viewing --------------------------------------------------------------------------------------------------------

  /** Every achievement of the guild with the member's state: earned, in progress, locked, or unavailable. */
  public async progressOf(guildId: string, userId: string): Promise<ProgressItem[]> {
    const [definitions, counters, unlocks, levelsOn] = await Promise.all([
      this.definitions(guildId),
      this.deps.repository.counters(guildId, userId),
      this.deps.repository.unlocksOf(guildId, userId),
      this.deps.partners.levelsOn(guildId),
    ]);
    const items = definitions.map((definition): ProgressItem => {
      const earnedAt = unlocks.get(definition.id) ?? null;
      const value = counterFor(counters, definition.type);
      let state: ProgressItem['state'];
      if (earnedAt) state = 'earned';
      else if (definition.type === AchievementType.MESSAGES && !levelsOn) state = 'unavailable';
      else state = value > 0 && definition.type !== AchievementType.SPECIAL ? 'progress' : 'locked';
      return { definition, state, earnedAt, value };
    });
    const order = { earned: 0, progress: 1, locked: 2, unavailable: 3 } as const;
    return items.sort((a, b) => {
      if (a.state !== b.state) return order[a.state] - order[b.state];
      if (a.state === 'earned') return b.earnedAt!.getTime() - a.earnedAt!.getTime();
      if (a.state === 'progress') {
        return b.value / b.definition.requirement - a.value / a.definition.requirement;
      }
      return 0;
    });
  }

  /**
   * The badges a member holds in a guild: their achievements' badges, and a badge per BADGE item they own while the
   * economy is on (synchronised here, so a sold item's badge goes and a bought one's comes).
   */
  public async badgesOf(guildId: string, userId: string): Promise<HeldBadge[]> {
    const economy = await this.deps.partners.economyIn(guildId);
    if (economy) {
      const items = (await economy.inventory(guildId, userId)).filter((item) => item.type === 'BADGE');
      const added = await this.deps.repository.syncItemBadges(guildId, userId, items, ITEM_BADGE_ICON);
      for (const badge of added) {
        this.deps.client().emit('badgeAwarded', {
          guildId,
          userId,
          badgeId: badge.id,
          name: badge.name,
          icon: badge.icon,
          source: 'ITEM',
        });
      }
    }
    return this.deps.repository.badgesOf(guildId, userId);
  }

  // Retroactive evaluation ----------------------------------------------------------------------------------------

  private async queueRetro(definition: AchievementDefinition, channelId: string | null): Promise<void> {
    // The id names the version evaluated: a second change while the first job runs gets a job of its own.
    const jobId = `achievements-retro-${definition.id}-${definition.type}-${definition.requirement}`;
    await this.deps.scheduleRetro({ guildId: definition.guildId, achievementId: definition.id, channelId }, jobId);
  }

  /** Queues the evaluations still owed (after a restart, or Redis coming back empty). */
  public async reconcile(guildId?: string): Promise<void> {
    const pending = await this.deps.repository.retroPending(guildId);
    for (const { guildId: guild, id } of pending) {
      // Every guild: those this process owns; each shard process reconciles its own.
      if (guildId === undefined && !ownsGuild(guild)) continue;
      const definition = await this.deps.repository.byId(guild, id);
      if (definition) await this.queueRetro(definition, null);
    }
  }

  /**
   * The retroactive job: every member whose counter reaches the achievement gets it, in batches of {@link RETRO_BATCH}
   * (each batch one statement, so a rerun after a crash continues where the unlocks stopped); one summary at the end.
   */
  public async runRetro(guildId: string, achievementId: number, channelId: string | null): Promise<UnlockRow[]> {
    const definition = await this.deps.repository.byId(guildId, achievementId);
    if (!definition) return [];
    const unlocks: UnlockRow[] = [];
    const type = definition.type;
    const available = type !== AchievementType.MESSAGES || (await this.deps.partners.levelsOn(guildId));
    if (isCounted(type) && available) {
      let after = '0';
      for (;;) {
        const userIds = await this.deps.repository.membersReaching(
          guildId,
          type,
          definition.requirement,
          after,
          RETRO_BATCH,
        );
        if (userIds.length === 0) break;
        const members = userIds.map((userId) => ({ guildId, userId }));
        unlocks.push(...(await this.deps.repository.unlockReached(type, members, definition.id)));
        after = userIds[userIds.length - 1]!;
      }
    }
    await this.deps.repository.clearRetroPending(guildId, achievementId);
    await this.deliver(guildId, unlocks, { via: 'retroactive', channelOf: () => channelId });
    return unlocks;
  }

  // Delivery -------------------------------------------------------------------------------------------------------

  /**
   * What follows unlocks: the reward (a REWARD ledger row, when the economy is on), the events, and the
   * announcement — one message per unlock, or one summary for many at once. A failure here never undoes an unlock.
   */
  private async deliver(guildId: string, unlocks: readonly UnlockRow[], context: DeliveryContext): Promise<void> {
    if (unlocks.length === 0) return;
    const client = this.deps.client();
    const economy = unlocks.some((unlock) => unlock.achievement.reward > 0)
      ? await this.deps.partners.economyIn(guildId)
      : undefined;
    for (const unlock of unlocks) {
      const { achievement, userId } = unlock;
      if (economy && achievement.reward > 0) {
        await economy
          .credit(guildId, userId, achievement.reward, { description: `Achievement: ${achievement.name}` })
          .catch((error: unknown) =>
            this.deps.logError(`Achievements: reward of "${achievement.name}" to ${userId} in ${guildId}`, error),
          );
      }
      client.emit('achievementUnlocked', {
        guildId,
        userId,
        achievementId: achievement.id,
        name: achievement.name,
        type: achievement.type,
        reward: achievement.reward,
        via: context.via,
      });
      if (unlock.badge) {
        const { id: badgeId, name, icon } = unlock.badge;
        client.emit('badgeAwarded', { guildId, userId, badgeId, name, icon, source: 'ACHIEVEMENT' });
      }
    }
    await this.announce(guildId, unlocks, context).catch((error: unknown) =>
      this.deps.logError(`Achievements: announcing ${unlocks.length} unlock(s) in ${guildId}`, error),
    );
  }

  private async announce(guildId: string, unlocks: readonly UnlockRow[], context: DeliveryContext): Promise<void> {
    const settings = await this.settings(guildId);
    if (settings.announce === 'off') return;
    const setChannel = await this.announceChannel(guildId, settings.announceChannelId);
    const channelFor = (userId: string) =>
      settings.announce === 'channel' ? setChannel : (context.channelOf?.(userId) ?? setChannel);
    if (context.via === 'retroactive' || unlocks.length > SUMMARY_THRESHOLD) {
      // Many at once (a lowered requirement, a busy flush): one summary per achievement, nobody pinged.
      const channelId = channelFor(unlocks[0]!.userId);
      if (!channelId) return;
      const byAchievement = new Map<number, UnlockRow[]>();
      for (const unlock of unlocks) {
        const list = byAchievement.get(unlock.achievement.id) ?? [];
        list.push(unlock);
        byAchievement.set(unlock.achievement.id, list);
      }
      const lines = [...byAchievement.values()].map((list) => {
        const { icon, name } = list[0]!.achievement;
        const names = list.slice(0, SUMMARY_NAMES).map((unlock) => userMention(unlock.userId));
        const more = list.length > SUMMARY_NAMES ? ` and ${list.length - SUMMARY_NAMES} more` : '';
        const who = list.length === 1 ? 'member' : 'members';
        return `🏆 ${list.length} ${who} unlocked ${icon} **${name}**: ${names.join(', ')}${more}.`;
      });
      await this.send(channelId, lines.join('\n'), []);
      return;
    }
    for (const unlock of unlocks) {
      const content = renderUnlock(settings.announceMessage, {
        user: userMention(unlock.userId),
        achievement: `${unlock.achievement.icon} ${unlock.achievement.name}`,
      });
      if (settings.announce === 'dm') {
        await this.sendDm(unlock.userId, content);
        continue;
      }
      const channelId = channelFor(unlock.userId);
      if (channelId) await this.send(channelId, content, [unlock.userId]);
    }
  }

  /**
   * The announcement channel set, unless it was deleted (then skipped, and the admins told once). Asked of Discord,
   * not of this process's gateway cache, so the retroactive job does the same from whichever process runs it.
   */
  private async announceChannel(guildId: string, channelId: string | null): Promise<string | null> {
    if (!channelId) return null;
    const exists = await this.deps.notices.channelExists(guildId, {
      plugin: 'achievements',
      setting: 'announceChannelId',
      id: channelId,
      skipped: 'unlocks are announced where they happened, or not at all',
    });
    return exists ? channelId : null;
  }

  private async send(channelId: string, content: string, mentionable: string[]): Promise<void> {
    await this.deps
      .client()
      .rest.post(Routes.channelMessages(channelId), {
        // Only the member who unlocked may be pinged, whatever the template says.
        body: { content: cut(content, DISCORD_LIMITS.content), allowed_mentions: { parse: [], users: mentionable } },
      })
      .catch((error: unknown) => this.deps.logError(`Achievements: announcing in channel ${channelId}`, error));
  }

  private async sendDm(userId: string, content: string): Promise<void> {
    const { rest } = this.deps.client();
    try {
      const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      await rest.post(Routes.channelMessages(channel.id), {
        body: { content: cut(content, DISCORD_LIMITS.content), allowed_mentions: { parse: [] } },
      });
    } catch {
      // DMs closed: the unlock stands, unannounced.
    }
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 64 || /[\n\r]/.test(trimmed)) {
    refuse('AchievementBadName', 'An achievement name is 1 to 64 characters on one line.');
  }
  return trimmed;
}

function checkedDescription(description: string): string {
  const trimmed = description.trim();
  if (trimmed.length < 1 || trimmed.length > 300) {
    refuse('AchievementBadDescription', 'A description is 1 to 300 characters.');
  }
  return trimmed;
}

function checkedRequirement(type: AchievementType, requirement: number): number {
  if (type === AchievementType.SPECIAL) return 0;
  if (!Number.isSafeInteger(requirement) || requirement < 1 || requirement > MAX_REQUIREMENT) {
    refuse(
      'AchievementBadRequirement',
      `The requirement must be a whole number from 1 to ${MAX_REQUIREMENT.toLocaleString('en-US')}.`,
    );
  }
  return requirement;
}

function checkedReward(reward: number): number {
  if (!Number.isSafeInteger(reward) || reward < 0 || reward > MAX_REWARD) {
    refuse(
      'AchievementBadReward',
      `The reward must be a whole number from 0 to ${MAX_REWARD.toLocaleString('en-US')}.`,
    );
  }
  return reward;
}

function checkedIcon(icon: string): string {
  const trimmed = icon.trim();
  if (!isEmoji(trimmed)) refuse('AchievementBadIcon', 'The icon must be one emoji, such as 🏆 or a server emoji.');
  return trimmed;
}
