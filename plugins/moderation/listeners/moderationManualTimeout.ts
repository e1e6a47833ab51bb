import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { ModerationAction } from '../entities/ModerationLog';

/** A timeout set or lifted in Discord's own interface becomes a case (a timeout case expires like ours). */
export class ModerationManualTimeoutListener extends PluginListener<typeof Events.GuildMemberUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberUpdate });
  }

  public override async runEnabled(before: GuildMember | PartialGuildMember, after: GuildMember) {
    const now = Date.now();
    const previous = before.communicationDisabledUntilTimestamp ?? 0;
    const next = after.communicationDisabledUntilTimestamp ?? 0;
    if (previous === next) return;
    const { moderation } = this.container;
    if (next > now) {
      await moderation.recordManualAction(after.guild, after.id, 'timeout', AuditLogEvent.MemberUpdate, {
        action: ModerationAction.TIMEOUT,
        expiresAt: new Date(next),
      });
    } else if (previous > now) {
      const row = await moderation.recordManualAction(after.guild, after.id, 'timeout', AuditLogEvent.MemberUpdate, {
        action: ModerationAction.UNTIMEOUT,
      });
      if (row) await moderation.cases.settleExpiries(after.guild.id, after.id, [ModerationAction.TIMEOUT]);
    }
  }
}
