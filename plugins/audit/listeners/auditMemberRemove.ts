import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeLeave, describeModAction } from '../services/describe';

/**
 * A member left: a kick when the audit log says so (MOD_EVENTS), nothing here for a ban (the ban event logs it),
 * otherwise a leave (MEMBER_EVENTS).
 */
export class AuditMemberRemoveListener extends PluginListener<typeof Events.GuildMemberRemove> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberRemove });
  }

  public override async runEnabled(member: GuildMember | PartialGuildMember) {
    const { audit } = this.container;
    const guildId = member.guild.id;
    const on = await Promise.all(
      [AuditEvent.MEMBER_EVENTS, AuditEvent.MOD_EVENTS].map((c) => audit.categoryOn(guildId, c)),
    );
    if (!on.includes(true)) return;
    const cause = await audit.actors.find({
      guildId,
      actions: [AuditLogEvent.MemberKick, AuditLogEvent.MemberBanAdd],
      targetId: member.id,
      at: Date.now(),
      fetch: true,
    });
    if (cause?.action === AuditLogEvent.MemberBanAdd) return;
    if (cause?.action === AuditLogEvent.MemberKick) {
      const entry = describeModAction(guildId, 'kick', member.user ?? null, member.id, member);
      entry.actorId = cause.executorId;
      if (cause.reason) entry.fields.push({ name: 'Reason', value: cause.reason });
      audit.recordModeration(entry, 'kick', member.id);
      return;
    }
    audit.record(describeLeave(member));
  }
}
