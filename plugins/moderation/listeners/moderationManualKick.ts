import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { ModerationAction } from '../entities/ModerationLog';

/** A kick done in Discord's own interface becomes a case; a member leaving on their own (no audit entry) does not. */
export class ModerationManualKickListener extends PluginListener<typeof Events.GuildMemberRemove> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberRemove });
  }

  public override async runEnabled(member: GuildMember | PartialGuildMember) {
    await this.container.moderation.recordManualAction(member.guild, member.id, 'kick', AuditLogEvent.MemberKick, {
      action: ModerationAction.KICK,
      requireAuditEntry: true,
    });
  }
}
