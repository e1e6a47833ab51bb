import type { Cluster, Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import {
  AuditLogEvent,
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
  type APIAuditLog,
  type Client,
} from 'discord.js';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import type { CoreGuildConfig, SettingsChangeEvent } from '#core/plugin-kit/guildConfig';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import { CATEGORY_CHANNEL_SETTING, type AuditSettings, type auditSettings } from '../settings';
import { ActorResolver, entryTime, type ActorQuery, type KnownEntry } from './ActorResolver';
import { AuditPoster, DEFAULT_TIMING, type LogMessage, type PosterTiming } from './AuditPoster';
import { AuditRepository, type AuditRow } from './AuditRepository';
import { COLORS, type AuditEntry } from './entries';
import type { ChannelLike } from './describe';
import { describeSettingsChange } from './describeSettings';
import { MessageCache, DEFAULT_MESSAGE_CACHE_LIMITS, type MessageCacheLimits } from './MessageCache';

/** The moderation plugin's `moderationAction` payload (declared globally by that plugin's events.ts). */
export type ModerationActionPayload = import('discord.js').ClientEvents['moderationAction'][0];

/** How an event is logged: under which category, and the channel it is posted in (null: stored only). */
interface LogDecision {
  category: AuditEvent;
  channelId: string | null;
}

/** What decides whether and where an event is logged: the plugin on, the core's categories, the plugin's settings. */
interface LogState {
  enabled: boolean;
  config: CoreGuildConfig;
  settings: AuditSettings;
}

/** A gateway mod event and a moderation case about the same action are one event when this close together. */
const CASE_MATCH_MS = 30_000;
/** How long a gateway mod event waits for its case when the moderation plugin is on. */
const CASE_WAIT_MS = 3000;
const REPORT_EVERY_S = 24 * 3600;

/** Which gateway mod events a case stands for. */
const CASE_KINDS: Record<string, string> = {
  ban: 'ban',
  tempban: 'ban',
  softban: 'ban',
  unban: 'unban',
  kick: 'kick',
  timeout: 'timeout',
  untimeout: 'untimeout',
};

export interface AuditServiceOptions {
  plugin: PluginHandle<typeof auditSettings>;
  dataSource: DataSource;
  /** The client (built after plugins' setup, hence a function). */
  client: () => Client;
  /** The core's configuration of a guild (its audit categories and log channels). */
  configOf: (guildId: string) => Promise<CoreGuildConfig>;
  redis: Redis | Cluster;
  redisNamespace: string;
  /** Whether the moderation plugin records cases in this guild (its cases then stand for the gateway events). */
  moderationOn: (guildId: string) => Promise<boolean>;
  logError: (what: string, error: unknown) => void;
  logInfo: (message: string) => void;
  timing?: PosterTiming;
  cacheLimits?: MessageCacheLimits;
}

/**
 * The audit log: listeners describe events (`entries.ts`), this service finds who did them, applies the guild's
 * categories and ignore lists, stores them in batches and posts them through the flood-proof poster. Moderation
 * cases and the gateway events they caused are merged into one event.
 */
export class AuditService {
  public readonly messages: MessageCache;
  public readonly actors: ActorResolver;
  public readonly store: AuditRepository;
  public readonly poster: AuditPoster;
  private readonly recentCases = new Map<string, { caseNumber: number; at: number }>();
  private readonly heldForCase = new Map<string, { entry: AuditEntry; timer: NodeJS.Timeout }>();
  private readonly pending = new Set<Promise<void>>();
  private evictTimer: NodeJS.Timeout | undefined;

  public constructor(private readonly options: AuditServiceOptions) {
    const { logError } = options;
    this.messages = new MessageCache(options.cacheLimits ?? DEFAULT_MESSAGE_CACHE_LIMITS);
    this.actors = new ActorResolver((guildId, action) => this.fetchEntries(guildId, action), logError);
    this.store = new AuditRepository(options.dataSource, logError);
    this.poster = new AuditPoster(
      {
        send: (channelId, message) => this.send(channelId, message),
        canPost: (guildId, channelId) => canPost(this.client, guildId, channelId),
        isUnwritable,
        onUnwritable: (guildId, channelId) => this.track(this.reportUnwritable(guildId, channelId)),
        onError: logError,
      },
      options.timing ?? DEFAULT_TIMING,
    );
  }

  private get client(): Client {
    return this.options.client();
  }

  public start(): void {
    this.store.start();
    this.evictTimer ??= setInterval(() => this.messages.evictOld(), 60_000);
    this.evictTimer.unref();
  }

  /**
   * Shutdown (after the client logged out): events waiting for a case are stored as they are, posts not sent yet are
   * dropped (the events are stored and searchable), and every row is written.
   */
  public async stop(): Promise<void> {
    if (this.evictTimer) clearInterval(this.evictTimer);
    for (const [key, held] of this.heldForCase) {
      clearTimeout(held.timer);
      this.heldForCase.delete(key);
      this.track(this.dispatch(held.entry));
    }
    while (this.pending.size > 0) await Promise.all(this.pending);
    const dropped = this.poster.discard();
    if (dropped > 0) this.options.logInfo(`Audit: ${dropped} events were stored but not posted before shutdown.`);
    await this.store.stop();
  }

  /** Waits for the events being described, then writes every stored row (tests, the bench). */
  public async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    await this.store.flush();
  }

  /** A channel from the client's cache for the describers (its name and parents), or only its id. */
  public channel(channelId: string): ChannelLike {
    return (this.client.channels.cache.get(channelId) as ChannelLike | undefined) ?? { id: channelId };
  }

  public settings(guildId: string): Promise<AuditSettings> {
    return this.options.plugin.settings(guildId);
  }

  /** Whether a guild logs this category (the core `/config audit-events`). */
  public async categoryOn(guildId: string, category: AuditEvent): Promise<boolean> {
    return (await this.options.configOf(guildId)).auditEvents.includes(category);
  }

  /**
   * Logs an event; with `actor`, who did it comes from Discord's audit log (`fallback` when Discord names nobody).
   * Returns at once: the listener never waits for the lookup.
   */
  public record(entry: AuditEntry, actor?: ActorQuery & { fallback?: string | null }): void {
    this.track(this.recordAndResolve(entry, actor));
  }

  /**
   * When the audit-log entry is not here yet, the event is stored at once under `fallback`, so it reaches the
   * database without waiting for an entry that for most events never comes (a member deleting their own message),
   * and is posted once the entry came or the wait ended; a stored row whose entry names someone else is corrected
   * (or taken back, when that someone is ignored).
   */
  private async recordAndResolve(entry: AuditEntry, actor: (ActorQuery & { fallback?: string | null }) | undefined) {
    if (!(await this.wanted(entry))) return;
    const known = actor && this.actors.known(actor);
    if (!actor || known) {
      if (known) applyActor(entry, known, actor.fallback);
      return this.dispatch(entry);
    }
    entry.actorId = actor.fallback ?? entry.actorId;
    const provisional = await this.decide(entry);
    const row = provisional && this.store.add(rowOf(entry, provisional.category));
    const stored = entry.actorId;
    applyActor(entry, await this.actors.find(actor), actor.fallback);
    if (entry.actorId === stored) {
      if (provisional) this.route(entry, provisional);
      return;
    }
    const decision = await this.decide(entry);
    if (row && decision) await this.store.correctActor(row, entry.actorId);
    else if (row) await this.store.retract(row);
    else if (decision) this.store.add(rowOf(entry, decision.category));
    if (decision) this.route(entry, decision);
  }

  /** Whether the guild logs the entry's category (checked before any audit-log lookup). */
  private async wanted(entry: AuditEntry): Promise<boolean> {
    const events = (await this.options.configOf(entry.guildId)).auditEvents;
    return events.includes(entry.category) || (entry.alsoCategory !== undefined && events.includes(entry.alsoCategory));
  }

  /**
   * A ban, unban, kick or timeout seen on the gateway: when the moderation plugin records it as a case, the case and
   * this event are one audit event (posted once, with the case number).
   */
  public recordModeration(
    entry: AuditEntry,
    kind: string,
    userId: string,
    actor?: ActorQuery & { fallback?: string | null },
  ): void {
    this.track(
      this.resolveThen(entry, actor, async (resolved) => {
        const key = `${resolved.guildId}:${userId}:${kind}`;
        const recorded = this.recentCases.get(key);
        if (recorded && Date.now() - recorded.at < CASE_MATCH_MS) {
          // The case was logged already, with its moderator: this event is the same action.
          this.recentCases.delete(key);
          return;
        }
        if (!(await this.options.moderationOn(resolved.guildId))) return this.dispatch(resolved);
        const timer = setTimeout(() => {
          this.heldForCase.delete(key);
          this.track(this.dispatch(resolved));
        }, CASE_WAIT_MS);
        this.heldForCase.set(key, { entry: resolved, timer });
      }),
    );
  }

  /** The moderation plugin recorded a case. */
  public recordCase(event: ModerationActionPayload): void {
    const kind = CASE_KINDS[event.action];
    const key = kind && event.userId ? `${event.guildId}:${event.userId}:${kind}` : undefined;
    const held = key ? this.heldForCase.get(key) : undefined;
    if (key && held) {
      clearTimeout(held.timer);
      this.heldForCase.delete(key);
      const merged: AuditEntry = {
        ...held.entry,
        actorId: event.moderatorId ?? held.entry.actorId,
        caseNumber: event.caseNumber,
        changes: { ...held.entry.changes, caseNumber: event.caseNumber, reason: event.reason },
        fields: [...held.entry.fields.filter((field) => field.name !== 'Reason'), reasonField(event.reason)],
      };
      this.track(this.dispatch(merged));
      return;
    }
    if (key) {
      this.recentCases.set(key, { caseNumber: event.caseNumber, at: Date.now() });
      setTimeout(() => this.recentCases.delete(key), CASE_MATCH_MS).unref();
    }
    this.track(this.caseEntry(event).then((entry) => this.dispatch(entry)));
  }

  /**
   * A change of the bot's settings (SETTINGS_EVENTS), judged by the audit log as it stood just before the change:
   * turning audit off, switching SETTINGS_EVENTS off or sending them elsewhere is itself logged, where settings
   * changes went until then, so the log cannot be silenced without a trace; turning them on is not (the dashboard's
   * change history keeps every change anyway).
   */
  public recordSettingsChange(event: SettingsChangeEvent): void {
    this.track(this.stateBefore(event).then((state) => this.dispatch(describeSettingsChange(event), state)));
  }

  private async stateBefore(event: SettingsChangeEvent): Promise<LogState> {
    const { plugin, configOf } = this.options;
    const state: LogState = {
      enabled: await plugin.isEnabled(event.guildId),
      config: await configOf(event.guildId),
      settings: await plugin.settings(event.guildId),
    };
    for (const { target, before } of event.changes) {
      if (target.kind === 'plugin' && target.plugin === plugin.name) state.enabled = before === true;
      // The casts: each value is the one the core stored for that field or setting before this change.
      else if (target.kind === 'config') state.config = { ...state.config, [target.field]: before } as CoreGuildConfig;
      else if (target.kind === 'pluginSetting' && target.plugin === plugin.name) {
        state.settings = { ...state.settings, [target.key]: before } as AuditSettings;
      }
    }
    return state;
  }

  private async caseEntry(event: ModerationActionPayload): Promise<AuditEntry> {
    // Fetched (from the cache when discord.js still holds them): the client keeps only the members it saw last.
    const guild = this.client.guilds.cache.get(event.guildId);
    const member = event.userId && guild ? await guild.members.fetch(event.userId).catch(() => null) : null;
    const user = member?.user ?? (event.userId ? await this.client.users.fetch(event.userId).catch(() => null) : null);
    const fields = [reasonField(event.reason)];
    if (event.expiresAt) fields.push({ name: 'Until', value: `<t:${Math.floor(event.expiresAt.getTime() / 1000)}:f>` });
    fields.push({ name: 'Source', value: event.source });
    return {
      guildId: event.guildId,
      category: AuditEvent.MOD_EVENTS,
      action: `case_${event.action}`,
      actorId: event.moderatorId,
      targetId: event.userId,
      targetType: event.userId ? 'member' : 'case',
      changes: {
        caseNumber: event.caseNumber,
        reason: event.reason,
        expiresAt: event.expiresAt?.toISOString() ?? null,
      },
      summary: `Case #${event.caseNumber}: ${event.action}${event.userId ? ` of <@${event.userId}>` : ''}`,
      at: new Date(),
      channelIds: [],
      subjectUserId: event.userId,
      subjectIsBot: user?.bot ?? false,
      subjectRoleIds: member ? [...member.roles.cache.keys()] : [],
      title: `Moderation case #${event.caseNumber}: ${event.action}`,
      fields,
      color: COLORS.warning,
      caseNumber: event.caseNumber,
    };
  }

  private async resolveThen(
    entry: AuditEntry,
    actor: (ActorQuery & { fallback?: string | null }) | undefined,
    then: (entry: AuditEntry) => Promise<void>,
  ): Promise<void> {
    if (!(await this.wanted(entry))) return;
    if (actor) applyActor(entry, await this.actors.find(actor), actor.fallback);
    await then(entry);
  }

  /**
   * Applies the guild's categories and ignore lists, then stores and routes the event; by the guild's state now,
   * or `asOf` another moment's.
   */
  private async dispatch(entry: AuditEntry, asOf?: LogState): Promise<void> {
    const decision = await this.decide(entry, asOf);
    if (!decision) return;
    this.store.add(rowOf(entry, decision.category));
    this.route(entry, decision);
  }

  /** Whether the event is logged (undefined when not), under which category and where it is posted. */
  private async decide(entry: AuditEntry, asOf?: LogState): Promise<LogDecision | undefined> {
    const { configOf, plugin } = this.options;
    const config = asOf?.config ?? (await configOf(entry.guildId));
    let category = entry.category;
    if (!config.auditEvents.includes(category)) {
      if (!entry.alsoCategory || !config.auditEvents.includes(entry.alsoCategory)) return undefined;
      category = entry.alsoCategory;
    }
    if (!(asOf?.enabled ?? (await plugin.isEnabled(entry.guildId)))) return undefined;
    const settings = asOf?.settings ?? (await plugin.settings(entry.guildId));
    if (isIgnored(entry, settings)) return undefined;
    const channelId = settings[CATEGORY_CHANNEL_SETTING[category]] ?? config.logChannelId;
    // The moderation plugin posted this case in the mod log already.
    const postedAsCase = entry.caseNumber !== undefined && channelId === config.modLogChannelId;
    return { category, channelId: postedAsCase ? null : channelId };
  }

  private route(entry: AuditEntry, decision: LogDecision): void {
    if (decision.channelId) this.poster.post(decision.channelId, entry);
  }

  private async send(channelId: string, message: LogMessage): Promise<void> {
    await this.client.rest.post(Routes.channelMessages(channelId), {
      body: {
        embeds: message.embeds,
        allowed_mentions: { parse: [] },
        attachments: message.files.map((file, index) => ({ id: index, filename: file.name })),
      },
      files: message.files.map((file) => ({ name: file.name, data: Buffer.from(file.content, 'utf8') })),
    });
  }

  /**
   * Says once a day (across processes, through Redis) that a log channel is unwritable: in the core log channel,
   * or by DM to the owner when that is the channel failing (or there is none).
   */
  private async reportUnwritable(guildId: string, channelId: string): Promise<void> {
    const { redis, redisNamespace, configOf } = this.options;
    const { client } = this;
    const key = `${redisNamespace}:audit:unwritable:${guildId}:${channelId}`;
    if ((await redis.set(key, '1', 'EX', REPORT_EVERY_S, 'NX')) !== 'OK') return;
    const config = await configOf(guildId);
    const text =
      `I cannot post audit logs in <#${channelId}>: I am missing access there (I need View Channel, Send ` +
      `Messages, Embed Links and Attach Files), or the channel is gone. Events are still stored (\`/audit search\`); ` +
      `fix the permissions or choose another channel with \`/audit channel\`. I will remind you in a day if it persists.`;
    const coreLog = config.logChannelId;
    if (coreLog && coreLog !== channelId && canPost(client, guildId, coreLog) !== false) {
      try {
        await client.rest.post(Routes.channelMessages(coreLog), {
          body: { content: text, allowed_mentions: { parse: [] } },
        });
        return;
      } catch (error) {
        if (!isUnwritable(error)) throw error;
      }
    }
    const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId));
    const owner = await client.users.fetch(guild.ownerId);
    await owner
      .send({ content: `**${guild.name}**: ${text}`, allowedMentions: { parse: [] } })
      .catch((error: unknown) => this.options.logError(`audit: telling the owner of guild ${guildId}`, error));
  }

  /** Reads recent entries of one type through REST (the fallback when no gateway entry came). */
  private async fetchEntries(guildId: string, action: AuditLogEvent): Promise<KnownEntry[]> {
    const log = (await this.client.rest.get(Routes.guildAuditLog(guildId), {
      query: new URLSearchParams({ action_type: String(action), limit: '10' }),
    })) as APIAuditLog;
    return log.audit_log_entries.map((entry) => ({
      action: entry.action_type,
      executorId: entry.user_id ?? null,
      targetId: entry.target_id ?? null,
      channelId: entry.options?.channel_id ?? null,
      reason: entry.reason ?? null,
      at: entryTime(entry.id),
    }));
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.options.logError('audit: logging an event', error))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}

/** Who did it, from the audit-log entry when there is one (else `fallback`), and the reason it gives. */
function applyActor(entry: AuditEntry, found: KnownEntry | null, fallback: string | null | undefined): void {
  entry.actorId = found?.executorId ?? fallback ?? entry.actorId;
  if (found?.reason) entry.fields.push(reasonField(found.reason));
}

function rowOf(entry: AuditEntry, category: AuditEvent): AuditRow {
  return {
    guildId: entry.guildId,
    eventType: category,
    actionType: entry.action.slice(0, 40),
    performedBy: entry.actorId,
    targetId: entry.targetId,
    targetType: entry.targetType,
    changes: entry.changes,
    details: entry.summary.slice(0, 4000),
    createdAt: entry.at,
  };
}

function reasonField(reason: string) {
  return { name: 'Reason', value: reason || 'none given' };
}

function isIgnored(entry: AuditEntry, settings: AuditSettings): boolean {
  if (settings.ignoreBots && entry.subjectIsBot) return true;
  if (entry.channelIds.some((id) => settings.ignoredChannels.includes(id) || settings.ignoredCategories.includes(id))) {
    return true;
  }
  const users = settings.ignoredUsers;
  if (
    (entry.subjectUserId && users.includes(entry.subjectUserId)) ||
    (entry.actorId && users.includes(entry.actorId))
  ) {
    return true;
  }
  return entry.subjectRoleIds.some((id) => settings.ignoredRoles.includes(id));
}

const NEEDED = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
];

/** From the cache: false when the bot surely cannot post in the channel, undefined when it cannot tell. */
function canPost(client: Client, guildId: string, channelId: string): boolean | undefined {
  const guild = client.guilds.cache.get(guildId);
  const me = guild?.members.me;
  if (!guild || !me) return undefined;
  const channel = guild.channels.cache.get(channelId);
  if (!channel) return false;
  if (!channel.isTextBased()) return false;
  return channel.permissionsFor(me).has(NEEDED);
}

function isUnwritable(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.MissingAccess ||
      error.code === RESTJSONErrorCodes.MissingPermissions ||
      error.code === RESTJSONErrorCodes.UnknownChannel)
  );
}
