import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type Role } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeRole } from '../services/describe';

/** A role deleted (ROLE_EVENTS), with who deleted it. */
export class AuditRoleDeleteListener extends PluginListener<typeof Events.GuildRoleDelete> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildRoleDelete });
  }

  public override runEnabled(role: Role) {
    this.container.audit.record(describeRole(role, 'role_delete'), {
      guildId: role.guild.id,
      actions: [AuditLogEvent.RoleDelete],
      targetId: role.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
