import type { Listener } from '@sapphire/framework';
import type { ClientEvents } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/**
 * Messages of others a staff member deleted with `/purge`. The bot deletes them, so Discord's audit log names the
 * bot (which `statisticsMessageDeleted` skips); the moderation plugin's event names the moderator instead. Their own
 * messages among them do not count.
 */
export class StatisticsPurgeListener extends PluginListener<'messagesPurged'> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: 'messagesPurged', partnerEvent: true });
  }

  public override runEnabled(event: ClientEvents['messagesPurged'][0], guildId: string | null) {
    if (!guildId || event.deletedOfOthers === 0) return;
    this.container.statistics.countMember(guildId, event.moderatorId, 'messagesDeleted', event.deletedOfOthers);
  }
}
