import type { ILogger } from '@sapphire/framework';
import {
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  roleMention,
  userMention,
  type Guild,
  type GuildMember,
} from 'discord.js';
import type { DataSource } from 'typeorm';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { SettingNotices } from '#core/plugin-kit/settingNotices';
import { startFlushLoop } from '#core/plugin-kit/flushLoop';
import type { LevelUpEvent } from '../events';
import type { LevelsSettings, levelsSettings } from '../settings';
import { progressOf, type LevelProgress } from './curves';
import {
  LevelRepository,
  type FlushedListeners,
  type FlushResult,
  type LevelBoardSort,
  type LevelChange,
} from './LevelRepository';
import { compileXpRules, renderLevelUp, rewardPlan, xpForMessage, type XpRules } from './xpRules';
import { cut, DISCORD_LIMITS } from '#core/plugin-kit/discordLimits';

/** A member's message as the hot path reads it (from the gateway payload). */
export interface ChatMessage {
  guildId: string;
  channelId: string;
  /** The channel's parent: a thread's channel or a channel's category. */
  parentId: string | null;
  authorId: string;
  content: string;
  /** The author's roles when they said it (the payload carries them). */
  roleIds: readonly string[];
}

/** What changed on a member's roles after applying the rewards; `blocked` roles the bot cannot manage. */
export interface RewardSync {
  added: string[];
  removed: string[];
  blocked: string[];
}

const ANNOUNCE_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

/**
 * How often pending XP reaches PostgreSQL under steady chat: also the most XP a hard crash can lose (message counts
 * alone may wait longer: COUNT_FLUSH_INTERVAL_MS).
 */
export const FLUSH_INTERVAL_MS = 1000;

/** What the levels service works with, handed over by the manifest's `setup`. */
export interface LevelsServiceDependencies {
  dataSource: DataSource;
  plugin: PluginHandle<typeof levelsSettings>;
  /** Announces a level-up to other plugins (the `levelUp` client event). */
  emitLevelUp: (event: LevelUpEvent) => void;
  /** Announces, after each flush, the members whose counts were written (the `levelsFlushed` client event). */
  levelsFlushed: FlushedListeners;
  /** Told of every flush that wrote something (the plugin's metrics). */
  observeFlush?: (result: FlushResult) => void;
  /** The guild from the gateway cache, to announce a level-up earned by chatting and give its roles. */
  guildOf: (guildId: string) => Guild | undefined;
  logger: Pick<ILogger, 'error' | 'warn'>;
  /** The guild's command prefix: with `xpForCommands` off, prefix commands earn no XP. */
  prefixOf: (guildId: string) => Promise<string>;
  /** Tells the admins once about a reward role or announcement channel the bot cannot use. */
  notices: SettingNotices;
}

/**
 * The levels plugin's service on `container.levels`: turns messages into XP (through the in-memory
 * {@link LevelRepository}), announces level-ups, keeps reward roles in line, and offers the admin operations the
 * commands use.
 */
export class LevelsService {
  public readonly repository: LevelRepository;
  /**
   * XP rules prepared from a guild's settings object: the handle returns the same object until the guild's settings
   * (or its prefix) change, so a new object means the rules are built again.
   */
  private readonly rulesBySettings = new WeakMap<LevelsSettings, XpRules>();
  private readonly plugin: LevelsServiceDependencies['plugin'];
  private readonly emitLevelUp: LevelsServiceDependencies['emitLevelUp'];
  private readonly guildOf: LevelsServiceDependencies['guildOf'];
  private readonly logger: LevelsServiceDependencies['logger'];
  private readonly prefixOf: LevelsServiceDependencies['prefixOf'];
  private readonly notices: SettingNotices;
  private readonly observeFlush: (result: FlushResult) => void;
  private stopFlushLoop: (() => void) | undefined;

  public constructor(dependencies: LevelsServiceDependencies) {
    this.plugin = dependencies.plugin;
    this.emitLevelUp = dependencies.emitLevelUp;
    this.guildOf = dependencies.guildOf;
    this.logger = dependencies.logger;
    this.prefixOf = dependencies.prefixOf;
    this.notices = dependencies.notices;
    this.observeFlush = (result) => {
      if (result.rows > 0) dependencies.observeFlush?.(result);
    };
    this.repository = new LevelRepository(
      dependencies.dataSource,
      (change) => void this.onLevelChange(change),
      dependencies.levelsFlushed,
    );
  }

  public start(): void {
    const { repository } = this;
    this.stopFlushLoop = startFlushLoop({
      intervalMs: FLUSH_INTERVAL_MS,
      lastQueuedAt: () => (repository.unflushedMessages > 0 ? repository.lastRecordAt : undefined),
      // Under traffic, counts without XP may wait (COUNT_FLUSH_INTERVAL_MS); when chat stops, everything goes.
      flush: (quiet) => repository.flush({ coalesceCounts: !quiet }).then(this.observeFlush),
      onError: (error) => this.logger.error('Flushing levels failed:', error),
    });
  }

  /**
   * Stops the interval and writes everything still pending (the shutdown hook). A database that is slow or restarting
   * gets a second try; if that fails too, the hook's failure names what was not written.
   */
  public async stop(): Promise<void> {
    this.stopFlushLoop?.();
    try {
      this.observeFlush(await this.repository.flush());
    } catch (error) {
      this.logger.warn('Levels: the shutdown flush failed; trying once more:', error);
      await new Promise((resolve) => setTimeout(resolve, 250));
      this.observeFlush(await this.repository.flush());
    }
  }

  /** The guild's levels settings (for other plugins; the plugin's own pieces read them through its handle). */
  public settings(guildId: string): Promise<LevelsSettings> {
    return this.plugin.settings(guildId);
  }

  /**
   * The hot path: counts a member's message and earns XP. Synchronous while the guild's settings are loaded and its
   * rules prepared from them (the usual case).
   */
  public handleMessage(message: ChatMessage): void | Promise<void> {
    const settings = this.plugin.settingsNow(message.guildId);
    const rules = settings && this.rulesBySettings.get(settings);
    if (rules) return this.record(message, rules);
    return this.rulesFor(message.guildId).then((prepared) => this.record(message, prepared));
  }

  private record(message: ChatMessage, rules: XpRules): void {
    const xp = xpForMessage(rules, message, message.roleIds);
    this.repository.record({
      guildId: message.guildId,
      userId: message.authorId,
      channelId: message.channelId,
      at: Date.now(),
      xp,
      cooldownMs: rules.cooldownMs,
      curve: rules.settings,
    });
  }

  private async rulesFor(guildId: string): Promise<XpRules> {
    const settings = await this.plugin.settings(guildId);
    let rules = this.rulesBySettings.get(settings);
    if (!rules) {
      rules = compileXpRules(settings, await this.prefixOf(guildId));
      this.rulesBySettings.set(settings, rules);
    }
    return rules;
  }

  /** A member's level, progress, total XP and message count, everything pending included. */
  public async profile(
    guildId: string,
    userId: string,
  ): Promise<LevelProgress & { totalXp: number; messageCount: number }> {
    const settings = await this.plugin.settings(guildId);
    const stats = await this.repository.stats(guildId, userId);
    return { ...progressOf(settings, stats.totalXp), ...stats };
  }

  /** A page of the levels board, XP still pending included. */
  public async board(guildId: string, sort: LevelBoardSort, offset: number, limit: number) {
    await this.repository.flush();
    return this.repository.board(guildId, sort, offset, limit);
  }

  /** The member's 1-based place on the levels board, XP still pending included; null without any. */
  public async rankOf(guildId: string, userId: string, sort: LevelBoardSort = 'xp'): Promise<number | null> {
    await this.repository.flush();
    return this.repository.rankOf(guildId, userId, sort);
  }

  /** Adds (negative: removes) or sets XP, then applies the role rewards of the new level. */
  public async changeXp(member: GuildMember, change: { add: number } | { set: number }) {
    const settings = await this.plugin.settings(member.guild.id);
    const result = await this.repository.changeXp(member.guild.id, member.id, change, settings);
    const sync = await this.applyRewards(member, result.newLevel, settings);
    if (result.newLevel > result.oldLevel) {
      this.emitLevelUp({ guildId: member.guild.id, userId: member.id, ...result, source: 'admin' });
    }
    return { ...result, sync };
  }

  /**
   * Gives and takes reward roles so the member holds exactly what their level earns. Roles the bot cannot manage
   * are skipped (and reported once to the log channel), never retried in a loop.
   */
  public async applyRewards(member: GuildMember, level: number, settings?: LevelsSettings): Promise<RewardSync> {
    const { roleRewards, rewardMode } = settings ?? (await this.plugin.settings(member.guild.id));
    const sync: RewardSync = { added: [], removed: [], blocked: [] };
    if (roleRewards.length === 0) return sync;
    const { keep, drop } = rewardPlan(roleRewards, rewardMode, level);
    const { guild } = member;
    // The cache may lag behind a role change made a moment ago (the gateway event is still on its way).
    member = await guild.members.fetch({ user: member.id, force: true });
    const manageable = (roleId: string) => guild.roles.cache.get(roleId)?.editable ?? false;
    for (const roleId of keep) {
      if (member.roles.cache.has(roleId)) continue;
      (manageable(roleId) ? sync.added : sync.blocked).push(roleId);
    }
    for (const roleId of drop) {
      if (!member.roles.cache.has(roleId)) continue;
      (manageable(roleId) ? sync.removed : sync.blocked).push(roleId);
    }
    if (sync.added.length > 0 || sync.removed.length > 0) {
      const roles = new Set(member.roles.cache.keys());
      roles.delete(guild.id);
      for (const roleId of sync.added) roles.add(roleId);
      for (const roleId of sync.removed) roles.delete(roleId);
      try {
        await member.roles.set([...roles], `Level ${level} role rewards`);
      } catch (error) {
        // The hierarchy changed since the check (50013): report the roles once instead of failing every level-up.
        if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingPermissions)) throw error;
        sync.blocked.push(...sync.added, ...sync.removed);
        sync.added = [];
        sync.removed = [];
      }
    }
    for (const roleId of sync.blocked) await this.reportBlockedRole(guild, roleId, roleRewards);
    return sync;
  }

  /** Lets a reward role be reported again once an admin changed its reward (they may have fixed the cause). */
  public async forgetBlockedRole(guildId: string, roleId: string): Promise<void> {
    await this.notices.forget(guildId, 'levels', `reward-role:${roleId}`);
  }

  private async reportBlockedRole(guild: Guild, roleId: string, rewards: LevelsSettings['roleRewards']) {
    const levels = rewards.filter((reward) => reward.roleId === roleId).map((reward) => reward.level);
    const reason = guild.roles.cache.has(roleId)
      ? 'my highest role must be above it and I need the Manage Roles permission'
      : 'the role no longer exists';
    const content =
      `Levels: I cannot give or take the level ${levels.join(', ')} reward role ${roleMention(roleId)}: ${reason}. ` +
      'I will skip it until the reward is changed with `/levels reward`.';
    // Once across processes: later level-ups skip the role silently.
    await this.notices.tellOnce(guild.id, { plugin: 'levels', subject: `reward-role:${roleId}`, content });
  }

  private async onLevelChange(change: LevelChange): Promise<void> {
    try {
      const guild = this.guildOf(change.guildId);
      if (!guild) return;
      const settings = await this.plugin.settings(guild.id);
      const { guildId, userId, oldLevel, newLevel, totalXp } = change;
      this.emitLevelUp({ guildId, userId, oldLevel, newLevel, totalXp, source: 'message' });
      const member = await guild.members.fetch(userId).catch(() => undefined);
      if (!member) return;
      await this.applyRewards(member, newLevel, settings);
      await this.announce(guild, member, change, settings);
    } catch (error) {
      this.logger.error(`Level-up of ${change.userId} in guild ${change.guildId} failed:`, error);
    }
  }

  private async announce(guild: Guild, member: GuildMember, change: LevelChange, settings: LevelsSettings) {
    if (settings.announce === 'off') return;
    const rendered = renderLevelUp(settings.announceMessage, {
      user: userMention(member.id),
      level: change.newLevel,
      xp: change.totalXp,
    });
    const content = cut(rendered, DISCORD_LIMITS.content);
    if (settings.announce === 'dm') {
      await member.send({ content, allowedMentions: { parse: [] } }).catch(() => undefined); // DMs closed: fine
      return;
    }
    const channel =
      settings.announce === 'channel'
        ? settings.announceChannelId
          ? await this.notices.channel(guild, {
              plugin: 'levels',
              setting: 'announceChannelId',
              id: settings.announceChannelId,
              skipped: 'level-ups are not announced',
            })
          : undefined
        : guild.channels.cache.get(change.channelId);
    // Only the member who levelled up may be pinged, whatever the template says.
    const me = guild.members.me;
    // A channel the bot may not write in gets no announcement, rather than an error per level-up.
    if (!channel?.isSendable() || !me || !channel.permissionsFor(me).has(ANNOUNCE_PERMISSIONS)) return;
    await channel.send({ content, allowedMentions: { users: [member.id] } });
  }
}
