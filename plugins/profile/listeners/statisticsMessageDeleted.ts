import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, type GuildAuditLogsEntry } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/**
 * Messages of others a staff member deleted by hand, as the audit log reports them (Discord logs only deletions of
 * someone else's message). The bot's own deletions are skipped: those of `/purge` are counted for the moderator who
 * ran it from the moderation plugin's `messagesPurged` event (`statisticsPurge`).
 */
export class StatisticsMessageDeletedListener extends PluginListener<'guildAuditLogEntryCreate'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'guildAuditLogEntryCreate' });
  }

  public override runEnabled(entry: GuildAuditLogsEntry, _guild: unknown, guildId: string | null) {
    if (!guildId || entry.action !== AuditLogEvent.MessageDelete || !entry.executorId) return;
    if (entry.executorId === this.container.client.user?.id || entry.executorId === entry.targetId) return;
    const extra = entry.extra as { count?: number } | null;
    this.container.statistics.countMember(guildId, entry.executorId, 'messagesDeleted', Number(extra?.count ?? 1));
  }
}
