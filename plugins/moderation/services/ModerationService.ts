import { UserError, type ILogger } from '@sapphire/framework';
import type { ScheduledTaskHandler } from '@sapphire/plugin-scheduled-tasks';
import {
  AuditLogEvent,
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  Routes,
  type APIMessage,
  type Client,
  type Guild,
  type GuildMember,
  type User,
} from 'discord.js';
import type { DataSource } from 'typeorm';
import type { Cluster, Redis } from 'ioredis';
import { ownsGuild } from '#core/plugin-kit/guildOwnership';
import { durationMs, formatDuration, MAX_TIMEOUT_MS } from '#core/plugin-kit/durations';
import { cancelTask, scheduleTask } from '#core/plugin-kit/tasks';
import { isUnavailableError } from '#core/plugin-kit/respond';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import { ModerationAction, type ModerationLog } from '../entities/ModerationLog';
import type { ModerationActionEvent } from '../events';
import type { ModerationSettings, moderationSettings } from '../settings';
import { CaseRepository, type DueExpiry, type NewCase } from './CaseRepository';
import { caseEmbed } from './caseEmbed';
import { fillPlaceholders } from '#core/plugin-kit/placeholders';

/** Gateway events the bot causes itself; see {@link ModerationService.expectEvent}. */
export type ExpectedEvent = 'ban' | 'unban' | 'kick' | 'timeout';

/** Audit log entries older than this are not the cause of a gateway event just received. */
const AUDIT_ENTRY_MAX_AGE_MS = 30_000;

/** How many due expiries of one guild one claim takes. */
const EXPIRY_BATCH = 500;
const RETRY_EXPIRY_MS = 30_000;
/** Repeats the catch-up this often, as a BullMQ job scheduler (one per queue, however many processes). */
const RECONCILE_EVERY_MS = 5 * 60_000;

/** What the moderation service works with, handed in by the plugin's `setup`. */
export interface ModerationDependencies {
  dataSource: DataSource;
  plugin: PluginHandle<typeof moderationSettings>;
  /** The Discord client (created after `setup`, so asked for when needed); tasks use only its REST side. */
  client: () => Client;
  /** The task queue (created with the client), for the recurring catch-up job. */
  tasks: () => ScheduledTaskHandler;
  redis: Redis | Cluster;
  /** Prefix of this deployment's Redis keys. */
  redisNamespace: string;
  /** The bot's logger (created with the client, so asked for when needed). */
  logger: () => ILogger;
  /** The guild's mod-log channel (core guild config), or null. */
  modLogChannelOf: (guildId: string) => Promise<string | null>;
  /** Announces a recorded case to other plugins (the `moderationAction` event). */
  emit: (event: ModerationActionEvent) => void;
}

/** The job id of a case's expiry (benches and tests look jobs up by it). */
const expiryJobId = (caseId: number) => `moderationExpiry-${caseId}`;

/**
 * Moderation's domain: cases (numbering, mod-log posts, the `moderationAction` event), the checks every action
 * passes, DMs, and temporary actions that expire through BullMQ jobs with the database as the source of truth.
 */
export class ModerationService {
  public readonly cases: CaseRepository;

  private readonly plugin: PluginHandle<typeof moderationSettings>;

  public constructor(private readonly deps: ModerationDependencies) {
    this.cases = new CaseRepository(deps.dataSource);
    this.plugin = deps.plugin;
  }

  private get logger(): ILogger {
    return this.deps.logger();
  }

  private get client(): Client {
    return this.deps.client();
  }

  /** Records a case: stored, its expiry queued, posted to the mod-log channel, announced to other plugins. */
  public async record(input: NewCase, source: ModerationActionEvent['source']): Promise<ModerationLog> {
    const [row] = await this.recordMany(input.guildId, [input], source);
    return row!;
  }

  /**
   * {@link record} for several cases of one guild, stored in one statement. Needs no cached guild, so any process
   * (a shard without the guild, a worker) can record.
   */
  public async recordMany(
    guildId: string,
    inputs: readonly NewCase[],
    source: ModerationActionEvent['source'],
  ): Promise<ModerationLog[]> {
    const rows = await this.cases.createMany(guildId, inputs);
    for (const row of rows) await this.publish(row, source);
    return rows;
  }

  /**
   * A Discord action and its case as one unit: the case is stored first, so an action (and its DM) whose case
   * cannot be stored (the database refuses or is down) never happens; then `act` runs — the DM, then the action —
   * and if it throws, the case is removed and the error goes on to the moderator. `act` returns whether the DM
   * failed. Only a done action is published (expiry, mod log, event).
   */
  public async recordAction(
    input: NewCase,
    source: ModerationActionEvent['source'],
    act: () => Promise<{ dmFailed: boolean } | void>,
  ): Promise<ModerationLog> {
    const [row] = await this.cases.createMany(input.guildId, [input]);
    try {
      const outcome = await act();
      if (outcome?.dmFailed) {
        await this.cases.setDmFailed(row!.id);
        row!.dmFailed = true;
      }
    } catch (error) {
      await this.cases
        .delete(row!.guildId, row!.caseNumber)
        .catch((deleteError: unknown) =>
          this.logger.error(
            `Moderation: case #${row!.caseNumber} in guild ${row!.guildId} is of an action that failed:`,
            deleteError,
          ),
        );
      throw error;
    }
    await this.publish(row!, source);
    return row!;
  }

  /** A stored case made known: its expiry queued, posted to the mod-log channel, announced to other plugins. */
  private async publish(row: ModerationLog, source: ModerationActionEvent['source']): Promise<void> {
    if (row.expiresAt) await this.scheduleExpiry(row);
    await this.postToModLog(row);
    this.deps.emit({
      guildId: row.guildId,
      caseNumber: row.caseNumber,
      action: row.action,
      userId: row.userId,
      moderatorId: row.performedBy,
      reason: row.reason,
      expiresAt: row.expiresAt,
      source,
    });
  }

  public settings(guildId: string): Promise<ModerationSettings> {
    return this.plugin.settings(guildId);
  }

  // The mod log is written through REST by channel id: the process handling an expiry may not have the guild cached.
  private async postToModLog(row: ModerationLog): Promise<void> {
    const channelId = await this.deps.modLogChannelOf(row.guildId);
    if (!channelId) return;
    try {
      const message = (await this.client.rest.post(Routes.channelMessages(channelId), {
        body: { embeds: [caseEmbed(row).toJSON()], allowed_mentions: { parse: [] } },
      })) as APIMessage;
      row.logMessageId = message.id;
      await this.cases.setLogMessage(row.id, message.id);
    } catch (error) {
      this.logger.warn(`Moderation: could not post case #${row.caseNumber} in guild ${row.guildId}:`, error);
    }
  }

  /** Brings the case's mod-log message in line with the case after an edit; a message deleted by hand is fine. */
  public async refreshModLog(row: ModerationLog): Promise<void> {
    const channelId = await this.deps.modLogChannelOf(row.guildId);
    if (!channelId || !row.logMessageId) return;
    await ignoreUnknownMessage(
      this.client.rest.patch(Routes.channelMessage(channelId, row.logMessageId), {
        body: { embeds: [caseEmbed(row).toJSON()], allowed_mentions: { parse: [] } },
      }),
    );
  }

  public async deleteModLog(row: ModerationLog): Promise<void> {
    const channelId = await this.deps.modLogChannelOf(row.guildId);
    if (!channelId || !row.logMessageId) return;
    await ignoreUnknownMessage(this.client.rest.delete(Routes.channelMessage(channelId, row.logMessageId)));
  }

  /**
   * Refuses, naming the rule, when `actor` may not act on `targetId`: themselves, the owner, the bot, or a member
   * whose highest role is at or above the actor's or the bot's. Returns the target member, or null when the user is
   * not in the server (bans by id).
   */
  public async assertCanActOn(actor: GuildMember, targetId: string, verb: string): Promise<GuildMember | null> {
    const { guild } = actor;
    if (targetId === actor.id) refuse('TargetSelf', `You can't ${verb} yourself.`);
    if (targetId === guild.ownerId) refuse('TargetOwner', `Nobody can ${verb} the server owner.`);
    if (targetId === this.client.user?.id) refuse('TargetBot', `I won't ${verb} myself.`);
    const target = await guild.members.fetch(targetId).catch(() => null);
    if (!target) return null;
    if (actor.id !== guild.ownerId && target.roles.highest.comparePositionTo(actor.roles.highest) >= 0) {
      refuse(
        'TargetOutranksActor',
        `You can't ${verb} ${target.user.username}: their highest role (${target.roles.highest.name}) is at or above yours (${actor.roles.highest.name}).`,
      );
    }
    const me = await guild.members.fetchMe();
    if (target.roles.highest.comparePositionTo(me.roles.highest) >= 0) {
      refuse(
        'TargetOutranksBot',
        `I can't ${verb} ${target.user.username}: their highest role (${target.roles.highest.name}) is at or above mine (${me.roles.highest.name}).`,
      );
    }
    return target;
  }

  /** Like {@link assertCanActOn}, for actions that need the user to be a member now. */
  public async requireMemberTarget(actor: GuildMember, targetId: string, verb: string): Promise<GuildMember> {
    const target = await this.assertCanActOn(actor, targetId, verb);
    if (!target) refuse('TargetNotMember', `That user is not a member of this server.`);
    return target;
  }

  /**
   * Tells a member by DM what is about to happen, from the guild's template. Returns false when the DM could not
   * be delivered (the case notes it), true when it was or when DMs are switched off.
   */
  public async notify(
    guild: Guild,
    user: User,
    what: { action: string; reason: string; durationMs?: number | null },
  ): Promise<boolean> {
    const settings = await this.settings(guild.id);
    if (!settings.dmOnAction) return true;
    const values: Record<string, string> = {
      action: what.action,
      server: guild.name,
      reason: what.reason,
      duration: what.durationMs ? formatDuration(what.durationMs) : 'permanently',
    };
    const content = fillPlaceholders(settings.dmTemplate, values);
    try {
      await user.send({ content: content.slice(0, 2000), allowedMentions: { parse: [] } });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Notes that the bot is about to cause a gateway event (a ban, kick…) so the listeners that turn actions done in
   * Discord's own interface into cases skip it: it gets its case from the command. Kept in Redis, so any process
   * receiving the event knows.
   */
  public async expectEvent(guildId: string, userId: string, kind: ExpectedEvent): Promise<void> {
    await this.expectEvents(guildId, [userId], kind);
  }

  /** {@link expectEvent} for several members, in one round trip. */
  private async expectEvents(guildId: string, userIds: readonly string[], kind: ExpectedEvent): Promise<void> {
    if (userIds.length === 0) return;
    const pipeline = this.deps.redis.pipeline();
    for (const userId of userIds) pipeline.set(this.expectationKey(guildId, userId, kind), '1', 'EX', 60);
    await pipeline.exec();
  }

  /**
   * True (once) when the bot announced this event itself. While Redis is down: false, and the audit log's executor
   * (the bot) tells {@link recordManualAction} instead, so an action done in Discord still gets its case.
   */
  public async consumeExpectedEvent(guildId: string, userId: string, kind: ExpectedEvent): Promise<boolean> {
    try {
      return (await this.deps.redis.del(this.expectationKey(guildId, userId, kind))) === 1;
    } catch (error) {
      if (isUnavailableError(error)) return false;
      throw error;
    }
  }

  /** The guild's id is a hash tag: a Redis Cluster keeps one guild's keys in one slot, as one pipeline needs. */
  private expectationKey(guildId: string, userId: string, kind: ExpectedEvent): string {
    return `${this.deps.redisNamespace}:moderation:expect:{${guildId}}:${userId}:${kind}`;
  }

  /** Queues the expiry job of a temporary action; one job id per case, so queueing it twice is harmless. */
  public async scheduleExpiry(row: Pick<ModerationLog, 'id' | 'guildId' | 'expiresAt'>, retryInMs?: number) {
    // A retry gets an id of its own: the job that failed may still hold the case's id.
    const id = retryInMs === undefined ? expiryJobId(row.id) : `${expiryJobId(row.id)}-${Date.now()}`;
    await scheduleTask(
      'moderationExpiry',
      { guildId: row.guildId, caseId: row.id },
      // While Redis is down the case still holds its expiry: `reconcile` (Redis back) queues it or lifts it.
      { at: retryInMs ?? row.expiresAt!, id, rebuiltByReconcile: true },
    );
  }

  /**
   * Handles every due expiry of a guild that no other worker holds, and waits until they are done: the
   * `moderationExpiry` task, serialised by the guild (one sweep of a guild at a time across every process; a job of
   * the guild arriving meanwhile runs right after, and finds what came due since), and the catch-up. The claims
   * (`FOR UPDATE SKIP LOCKED`, with a lease) keep a catch-up and a job's sweep from taking the same case. The
   * database keeps what is owed, so a crash mid-batch is caught up by {@link reconcile} (claims lapse after a
   * minute).
   */
  public async expireDue(guildId: string): Promise<void> {
    for (;;) {
      const due = await this.cases.claimDue(guildId, EXPIRY_BATCH);
      if (due.length > 0) await this.expireBatch(guildId, due);
      if (due.length < EXPIRY_BATCH) return;
    }
  }

  private async expireBatch(guildId: string, due: DueExpiry[]): Promise<void> {
    // Timeouts end by themselves on Discord's side: their expiry only settles the case.
    const tempbans = due.filter((row) => row.action === ModerationAction.TEMPBAN && row.userId);
    const outcomes = new Map<DueExpiry, 'lifted' | 'settled' | 'failed'>(due.map((row) => [row, 'settled']));
    if (tempbans.length > 0) {
      await this.expectEvents(
        guildId,
        tempbans.map((row) => row.userId!),
        'unban',
      );
      await Promise.all(tempbans.map(async (row) => outcomes.set(row, await this.liftTempban(row))));
      const lifted = tempbans.filter((row) => outcomes.get(row) === 'lifted');
      const botId = this.client.user!.id;
      await this.recordMany(
        guildId,
        lifted.map((row) => ({
          guildId,
          action: ModerationAction.UNBAN,
          userId: row.userId,
          performedBy: botId,
          reason: `Tempban expired (case #${row.caseNumber})`,
        })),
        'expiry',
      );
      await this.cases.clearUserBans(lifted.map((row) => row.userId!));
    }
    await this.cases.markExpiriesDone(due.filter((row) => outcomes.get(row) !== 'failed').map((row) => row.id));
  }

  /**
   * Lifts one expired tempban (its unban announced beforehand) through REST, so any process can; `settled` when it
   * was already lifted by hand, `failed` when Discord refused, to try again later.
   */
  private async liftTempban(row: DueExpiry): Promise<'lifted' | 'settled' | 'failed'> {
    const userId = row.userId!;
    try {
      await this.client.rest.delete(Routes.guildBan(row.guildId, userId), {
        reason: `Tempban expired (case #${row.caseNumber})`,
      });
      return 'lifted';
    } catch (error) {
      await this.consumeExpectedEvent(row.guildId, userId, 'unban');
      // Unbanned by hand meanwhile: that unban has its own case, and there is nothing left to lift.
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownBan) return 'settled';
      this.logger.warn(`Moderation: expiry of case #${row.caseNumber} in guild ${row.guildId} failed:`, error);
      await this.cases.releaseClaim(row.id);
      await this.scheduleExpiry(row, RETRY_EXPIRY_MS);
      return 'failed';
    }
  }

  /**
   * The `reconcile` hook: makes the expiry jobs agree with the cases (of one guild just enabled, or of every guild
   * at start-up and when Redis returns, perhaps empty), and keeps the periodic catch-up scheduled.
   */
  public async reconcile(guildId?: string): Promise<void> {
    // Every guild: those this process owns (each shard process reconciles its own); the periodic job does all.
    await this.catchUp(guildId, guildId === undefined ? ownsGuild : undefined);
    if (guildId !== undefined) return;
    await this.deps
      .tasks()
      .client.upsertJobScheduler(
        'moderationReconcile',
        { every: RECONCILE_EVERY_MS },
        { name: 'moderationReconcile', data: null, opts: { removeOnComplete: true, removeOnFail: true } },
      );
  }

  /**
   * Handles every overdue expiry now and makes sure every future one has its job queued, in the guilds where the
   * plugin is enabled (only `guildId`, when given; only those `included`, when given). Expiries of disabled guilds
   * wait for their re-enabling.
   */
  public async catchUp(guildId?: string, included: (guildId: string) => boolean = () => true): Promise<void> {
    for (const due of await this.cases.guildsWithDueExpiries(guildId)) {
      if (included(due) && (await this.plugin.isEnabled(due))) await this.expireDue(due);
    }
    const future = (await this.cases.futureExpiries(guildId)).filter((row) => included(row.guildId));
    const enabled = new Map<string, boolean>();
    for (const row of future) {
      if (!enabled.has(row.guildId)) enabled.set(row.guildId, await this.plugin.isEnabled(row.guildId));
    }
    const owed = future.filter((row) => enabled.get(row.guildId));
    for (let index = 0; index < owed.length; index += 500) {
      await Promise.all(owed.slice(index, index + 500).map((row) => this.scheduleExpiry(row)));
    }
  }

  /** The `onGuildDisable` hook: the guild's expiry jobs go; {@link catchUp} queues them again when re-enabled. */
  public async cancelExpiries(guildId: string): Promise<void> {
    for (const row of await this.cases.futureExpiries(guildId)) await cancelTask(expiryJobId(row.id));
  }

  /**
   * Turns an action done in Discord's own interface into a case, with the moderator and reason from the guild's
   * audit log. Skips events the bot caused itself (they have their case already) and, when `requireAuditEntry`,
   * events with no matching entry (a member who left on their own is not a kick).
   */
  public async recordManualAction(
    guild: Guild,
    userId: string,
    expected: ExpectedEvent,
    auditType: AuditLogEvent,
    input: { action: ModerationAction; expiresAt?: Date | null; requireAuditEntry?: boolean },
  ): Promise<ModerationLog | null> {
    if (await this.consumeExpectedEvent(guild.id, userId, expected)) return null;
    if (!(await this.settings(guild.id)).manualActionCases) return null;
    const entry = await this.findAuditEntry(guild, auditType, userId);
    if (!entry && input.requireAuditEntry) return null;
    if (entry?.executorId && entry.executorId === this.client.user?.id) return null;
    return this.record(
      {
        guildId: guild.id,
        action: input.action,
        userId,
        performedBy: entry?.executorId ?? null,
        reason: entry?.reason?.slice(0, 500) || 'No reason given (done in Discord)',
        expiresAt: input.expiresAt ?? null,
      },
      'manual',
    );
  }

  private async findAuditEntry(guild: Guild, type: AuditLogEvent, targetId: string) {
    try {
      const logs = await guild.fetchAuditLogs({ type, limit: 10 });
      return (
        logs.entries.find(
          (entry) => entry.targetId === targetId && Date.now() - entry.createdTimestamp < AUDIT_ENTRY_MAX_AGE_MS,
        ) ?? null
      );
    } catch (error) {
      this.logger.warn(`Moderation: could not read the audit log of guild ${guild.id}:`, error);
      return null;
    }
  }

  /** After a warn: applies the first configured threshold the member has reached, as its own case. */
  public async applyWarnThresholds(guild: Guild, userId: string): Promise<ModerationLog | null> {
    const { warnThresholds } = await this.settings(guild.id);
    const sorted = [...warnThresholds].sort((a, b) => b.warns - a.warns);
    for (const threshold of sorted) {
      const since = new Date(Date.now() - threshold.withinDays * 24 * 3600_000);
      const count = await this.cases.countSince(guild.id, userId, ModerationAction.WARN, since);
      if (count !== threshold.warns) continue;
      const reason = `Automatic: ${count} warns within ${threshold.withinDays} days`;
      const duration = threshold.duration ? durationMs(threshold.duration) : null;
      const member = await guild.members.fetch(userId).catch(() => null);
      const botId = this.client.user!.id;
      // Discord would refuse an action on an administrator or on a member above the bot: the warn stands alone.
      const allowed = { timeout: member?.moderatable, kick: member?.kickable, ban: member?.bannable ?? true };
      if (!allowed[threshold.action]) return null;
      // Each action is one unit with its case (see recordAction), as for the commands.
      if (threshold.action === 'timeout') {
        if (!member || !duration) return null;
        const ms = Math.min(duration, MAX_TIMEOUT_MS);
        return this.recordAction(
          {
            guildId: guild.id,
            action: ModerationAction.TIMEOUT,
            userId,
            performedBy: botId,
            reason,
            expiresAt: new Date(Date.now() + ms),
          },
          'automatic',
          async () => {
            await this.expectEvent(guild.id, userId, 'timeout');
            await member.timeout(ms, reason);
          },
        );
      }
      const user = member?.user ?? (await this.client.users.fetch(userId));
      const action = threshold.action === 'kick' ? 'kicked' : 'banned';
      const notify = async () =>
        member ? !(await this.notify(guild, user, { action, reason, durationMs: duration })) : false;
      if (threshold.action === 'kick') {
        if (!member) return null;
        return this.recordAction(
          { guildId: guild.id, action: ModerationAction.KICK, userId, performedBy: botId, reason },
          'automatic',
          async () => {
            const dmFailed = await notify();
            await this.expectEvent(guild.id, userId, 'kick');
            await member.kick(reason);
            return { dmFailed };
          },
        );
      }
      const expiresAt = duration ? new Date(Date.now() + duration) : null;
      const row = await this.recordAction(
        {
          guildId: guild.id,
          action: expiresAt ? ModerationAction.TEMPBAN : ModerationAction.BAN,
          userId,
          performedBy: botId,
          reason,
          expiresAt,
        },
        'automatic',
        async () => {
          const dmFailed = await notify();
          await this.expectEvent(guild.id, userId, 'ban');
          await guild.bans.create(userId, { reason });
          return { dmFailed };
        },
      );
      await this.cases.syncUserBan(user, { until: expiresAt, reason });
      return row;
    }
    return null;
  }
}

async function ignoreUnknownMessage(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage)) throw error;
  }
}

function refuse(identifier: string, message: string): never {
  throw new UserError({ identifier, message });
}

/** Whether Discord lets anyone time this member out (it never lets administrators be timed out). */
export function canBeTimedOut(member: GuildMember): boolean {
  return !member.permissions.has(PermissionFlagsBits.Administrator);
}
