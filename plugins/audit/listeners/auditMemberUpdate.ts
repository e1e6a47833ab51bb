import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeMemberUpdate, describeModAction } from '../services/describe';

/** Nickname, roles, server avatar (MEMBER_EVENTS) and timeouts (MOD_EVENTS) of a member. */
export class AuditMemberUpdateListener extends PluginListener<typeof Events.GuildMemberUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberUpdate });
  }

  public override runEnabled(before: GuildMember | PartialGuildMember, after: GuildMember) {
    const { audit } = this.container;
    const guildId = after.guild.id;
    const at = Date.now();
    for (const entry of describeMemberUpdate(before, after)) {
      if (entry.action === 'member_avatar') audit.record(entry);
      else {
        const action = entry.action === 'member_roles' ? AuditLogEvent.MemberRoleUpdate : AuditLogEvent.MemberUpdate;
        audit.record(entry, { guildId, actions: [action], targetId: after.id, at });
      }
    }
    if (before.partial) return;
    const previous = before.communicationDisabledUntilTimestamp ?? 0;
    const next = after.communicationDisabledUntilTimestamp ?? 0;
    if (previous === next || (previous <= at && next <= at)) return;
    const setting = next > at;
    const entry = describeModAction(
      guildId,
      setting ? 'timeout_set' : 'timeout_lifted',
      after.user,
      after.id,
      after,
      setting ? new Date(next) : undefined,
    );
    audit.recordModeration(entry, setting ? 'timeout' : 'untimeout', after.id, {
      guildId,
      actions: [AuditLogEvent.MemberUpdate],
      targetId: after.id,
      at,
      fetch: true,
    });
  }
}
