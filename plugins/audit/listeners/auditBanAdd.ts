import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildBan } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeModAction } from '../services/describe';

/** A ban (MOD_EVENTS), merged with its moderation case when there is one. */
export class AuditBanAddListener extends PluginListener<typeof Events.GuildBanAdd> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildBanAdd });
  }

  public override runEnabled(ban: GuildBan) {
    const guildId = ban.guild.id;
    const member = ban.guild.members.cache.get(ban.user.id) ?? null;
    const entry = describeModAction(guildId, 'ban', ban.user, ban.user.id, member);
    this.container.audit.recordModeration(entry, 'ban', ban.user.id, {
      guildId,
      actions: [AuditLogEvent.MemberBanAdd],
      targetId: ban.user.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
