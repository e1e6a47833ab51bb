import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type Role } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeRole } from '../services/describe';

/** A role created (ROLE_EVENTS), with its permissions and who created it. */
export class AuditRoleCreateListener extends PluginListener<typeof Events.GuildRoleCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildRoleCreate });
  }

  public override runEnabled(role: Role) {
    this.container.audit.record(describeRole(role, 'role_create'), {
      guildId: role.guild.id,
      actions: [AuditLogEvent.RoleCreate],
      targetId: role.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
