import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildBan } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { ModerationAction } from '../entities/ModerationLog';

/** A ban done in Discord's own interface (or by another bot) becomes a case, with its moderator from the audit log. */
export class ModerationManualBanListener extends PluginListener<typeof Events.GuildBanAdd> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildBanAdd });
  }

  public override async runEnabled(ban: GuildBan) {
    const { moderation } = this.container;
    const row = await moderation.recordManualAction(ban.guild, ban.user.id, 'ban', AuditLogEvent.MemberBanAdd, {
      action: ModerationAction.BAN,
    });
    if (row) await moderation.cases.syncUserBan(ban.user, { until: null, reason: row.reason });
  }
}
