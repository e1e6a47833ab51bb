import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildBan } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeModAction } from '../services/describe';

/** An unban (MOD_EVENTS), merged with its moderation case when there is one. */
export class AuditBanRemoveListener extends PluginListener<typeof Events.GuildBanRemove> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildBanRemove });
  }

  public override runEnabled(ban: GuildBan) {
    const guildId = ban.guild.id;
    const member = ban.guild.members.cache.get(ban.user.id) ?? null;
    const entry = describeModAction(guildId, 'unban', ban.user, ban.user.id, member);
    this.container.audit.recordModeration(entry, 'unban', ban.user.id, {
      guildId,
      actions: [AuditLogEvent.MemberBanRemove],
      targetId: ban.user.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
