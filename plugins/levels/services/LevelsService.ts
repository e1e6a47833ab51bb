import { container } from '@sapphire/framework';
import {
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  roleMention,
  userMention,
  type Guild,
  type GuildMember,
  type Message,
} from 'discord.js';
import type { GuildState } from '#core/guilds/GuildSettings';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import type { LevelsSettings, levelsSettings } from '../settings';
import { progressOf, type LevelProgress } from './curves';
import { LevelStore, type LevelChange } from './LevelStore';
import { compileXpRules, renderLevelUp, rewardPlan, xpForMessage, type XpRules } from './xpRules';

/** Payload of the `levelUp` client event. */
/** What changed on a member's roles after applying the rewards; `blocked` roles the bot cannot manage. */
export interface RewardSync {
  added: string[];
  removed: string[];
  blocked: string[];
}

const ANNOUNCE_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;

/** How often pending XP reaches PostgreSQL under steady chat: also the most a hard crash can lose. */
export const FLUSH_INTERVAL_MS = 1000;
/** When chat goes quiet for this long, what is pending is written without waiting for the full interval. */
const QUIET_MS = 200;
const TICK_MS = 100;

/**
 * The levels plugin's service on `container.levels`: turns messages into XP (through the in-memory {@link LevelStore}),
 * announces level-ups, keeps reward roles in line, and offers the admin operations the commands use.
 */
export class LevelsService {
  public readonly store: LevelStore;
  private readonly settingsByState = new WeakMap<GuildState, Promise<LevelsSettings>>();
  /** Each guild's prepared XP rules, and the cached guild state they were built from. */
  private readonly rulesByGuild = new Map<string, { source: Promise<GuildState>; rules: XpRules }>();
  private timer: NodeJS.Timeout | undefined;

  public constructor(private readonly plugin: PluginHandle<typeof levelsSettings>) {
    this.store = new LevelStore(
      container.database,
      (change) => void this.onLevelChange(change),
      (what, error) => container.logger.error(`${what} failed:`, error),
      (event) => container.client.emit('levelsFlushed', event),
    );
  }

  public start(): void {
    let lastFlushAt = Date.now();
    let flushing = false;
    this.timer = setInterval(() => {
      const { store } = this;
      const now = Date.now();
      const due =
        now - lastFlushAt >= FLUSH_INTERVAL_MS || (store.unflushedMessages > 0 && now - store.lastRecordAt >= QUIET_MS);
      if (!due || flushing) return;
      lastFlushAt = now;
      flushing = true;
      store
        .flush()
        .catch((error: unknown) => container.logger.error('Flushing levels failed:', error))
        .finally(() => (flushing = false));
    }, TICK_MS);
    this.timer.unref();
  }

  /** Stops the interval and writes everything still pending (the shutdown hook). */
  public async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.store.flush({ drain: true });
  }

  /** The guild's levels settings, parsed once per cached guild state (the hot path reads them per message). */
  public async settings(guildId: string): Promise<LevelsSettings> {
    const state = await container.guildSettings.get(guildId);
    let settings = this.settingsByState.get(state);
    if (!settings) {
      settings = this.plugin.settings(guildId);
      this.settingsByState.set(state, settings);
    }
    return settings;
  }

  /**
   * The hot path: counts a member's message and earns XP. Synchronous while the guild's settings are cached (the
   * usual case): it compares the core's cached settings promise with the one its rules were built from.
   */
  public handleMessage(message: Message<true>): void | Promise<void> {
    const source = container.guildSettings.get(message.guildId);
    const cached = this.rulesByGuild.get(message.guildId);
    if (cached?.source === source) {
      this.record(message, cached.rules);
      return undefined;
    }
    return this.compileRules(message.guildId, source).then((rules) => this.record(message, rules));
  }

  private record(message: Message<true>, rules: XpRules): void {
    const { channel } = message;
    const xp = xpForMessage(
      rules,
      { channelId: channel.id, parentId: channel.parentId, content: message.content },
      rules.usesRoles && message.member ? message.member.roles.cache.keys() : undefined,
    );
    this.store.record({
      guildId: message.guildId,
      userId: message.author.id,
      channelId: channel.id,
      at: Date.now(),
      xp,
      cooldownMs: rules.cooldownMs,
      curve: rules.settings,
    });
  }

  private async compileRules(guildId: string, source: Promise<GuildState>): Promise<XpRules> {
    const state = await source;
    const rules = compileXpRules(
      await this.settings(guildId),
      state.config.prefix ?? container.guildSettings.defaultPrefix,
    );
    this.rulesByGuild.set(guildId, { source, rules });
    return rules;
  }

  /** A member's level, progress, total XP and message count, everything pending included. */
  public async profile(
    guildId: string,
    userId: string,
  ): Promise<LevelProgress & { totalXp: number; messageCount: number }> {
    const settings = await this.settings(guildId);
    const stats = await this.store.stats(guildId, userId);
    return { ...progressOf(settings, stats.totalXp), ...stats };
  }

  /** Adds (negative: removes) or sets XP, then applies the role rewards of the new level. */
  public async changeXp(member: GuildMember, change: { add: number } | { set: number }) {
    const settings = await this.settings(member.guild.id);
    const result = await this.store.changeXp(member.guild.id, member.id, change, settings);
    const sync = await this.applyRewards(member, result.newLevel, settings);
    if (result.newLevel > result.oldLevel) {
      container.client.emit('levelUp', { guildId: member.guild.id, userId: member.id, ...result, source: 'admin' });
    }
    return { ...result, sync };
  }

  /**
   * Gives and takes reward roles so the member holds exactly what their level earns. Roles the bot cannot manage
   * are skipped (and reported once to the log channel), never retried in a loop.
   */
  public async applyRewards(member: GuildMember, level: number, settings?: LevelsSettings): Promise<RewardSync> {
    const { roleRewards, rewardMode } = settings ?? (await this.settings(member.guild.id));
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
    await container.redis.del(this.blockedKey(guildId, roleId));
  }

  private async reportBlockedRole(guild: Guild, roleId: string, rewards: LevelsSettings['roleRewards']) {
    // SET NX: the first process to see the problem reports it; later level-ups skip the role silently.
    const first = await container.redis.set(this.blockedKey(guild.id, roleId), '1', 'NX');
    if (first !== 'OK') return;
    const levels = rewards.filter((reward) => reward.roleId === roleId).map((reward) => reward.level);
    const { config } = await container.guildSettings.get(guild.id);
    const logChannel = config.logChannelId ? guild.channels.cache.get(config.logChannelId) : undefined;
    const reason = guild.roles.cache.has(roleId)
      ? 'my highest role must be above it and I need the Manage Roles permission'
      : 'the role no longer exists';
    const content =
      `Levels: I cannot give or take the level ${levels.join(', ')} reward role ${roleMention(roleId)}: ${reason}. ` +
      'I will skip it until the reward is changed with `/levels reward`.';
    if (logChannel?.isSendable()) await logChannel.send({ content, allowedMentions: { parse: [] } });
    else container.logger.warn(`Guild ${guild.id}: ${content}`);
  }

  private blockedKey(guildId: string, roleId: string): string {
    return `${container.config.redisNamespace}:levels:blocked-reward:${guildId}:${roleId}`;
  }

  private async onLevelChange(change: LevelChange): Promise<void> {
    try {
      const guild = container.client.guilds.cache.get(change.guildId);
      if (!guild) return;
      const settings = await this.settings(guild.id);
      const { guildId, userId, oldLevel, newLevel, totalXp } = change;
      container.client.emit('levelUp', { guildId, userId, oldLevel, newLevel, totalXp, source: 'message' });
      const member = await guild.members.fetch(userId).catch(() => undefined);
      if (!member) return;
      await this.applyRewards(member, newLevel, settings);
      await this.announce(guild, member, change, settings);
    } catch (error) {
      container.logger.error(`Level-up of ${change.userId} in guild ${change.guildId} failed:`, error);
    }
  }

  private async announce(guild: Guild, member: GuildMember, change: LevelChange, settings: LevelsSettings) {
    if (settings.announce === 'off') return;
    const content = renderLevelUp(settings.announceMessage, {
      user: userMention(member.id),
      level: change.newLevel,
      xp: change.totalXp,
    });
    if (settings.announce === 'dm') {
      await member.send({ content, allowedMentions: { parse: [] } }).catch(() => undefined); // DMs closed: fine
      return;
    }
    const channelId = settings.announce === 'channel' ? settings.announceChannelId : change.channelId;
    const channel = channelId ? guild.channels.cache.get(channelId) : undefined;
    // Only the member who levelled up may be pinged, whatever the template says.
    const me = guild.members.me;
    // A channel the bot may not write in gets no announcement, rather than an error per level-up.
    if (!channel?.isSendable() || !me || !channel.permissionsFor(me).has(ANNOUNCE_PERMISSIONS)) return;
    await channel.send({ content, allowedMentions: { users: [member.id] } });
  }
}
