import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildBan } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { ModerationAction } from '../entities/ModerationLog';

/**
 * An unban done in Discord's own interface becomes a case; a tempban it ends is settled, so its expiry does not
 * unban (or record) a second time.
 */
export class ModerationManualUnbanListener extends PluginListener<typeof Events.GuildBanRemove> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildBanRemove });
  }

  public override async runEnabled(ban: GuildBan) {
    const { moderation } = this.container;
    const row = await moderation.recordManualAction(ban.guild, ban.user.id, 'unban', AuditLogEvent.MemberBanRemove, {
      action: ModerationAction.UNBAN,
    });
    if (!row) return;
    await moderation.cases.settleExpiries(ban.guild.id, ban.user.id, [ModerationAction.TEMPBAN]);
    await moderation.cases.syncUserBan(ban.user, null);
  }
}
