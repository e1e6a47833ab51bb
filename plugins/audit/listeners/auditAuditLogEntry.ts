import type { Listener } from '@sapphire/framework';
import { Events, type Guild, type GuildAuditLogsEntry } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** Keeps the audit-log entries Discord announces, so events find who did them without reading the log. */
export class AuditAuditLogEntryListener extends PluginListener<typeof Events.GuildAuditLogEntryCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildAuditLogEntryCreate });
  }

  public override runEnabled(entry: GuildAuditLogsEntry, guild: Guild) {
    const extra = entry.extra as { channel?: { id?: string } } | null;
    this.container.audit.actors.remember(guild.id, {
      action: entry.action,
      executorId: entry.executorId,
      targetId: entry.targetId,
      channelId: extra?.channel?.id ?? null,
      reason: entry.reason,
      at: entry.createdTimestamp,
    });
  }
}
