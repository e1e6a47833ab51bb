import type { Listener } from '@sapphire/framework';
import { AuditLogEvent, Events, type Role } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeRoleUpdate } from '../services/describe';

/** A role changed: name, colour, permissions as a diff, hoist, mentionable (ROLE_EVENTS); position shifts are not logged. */
export class AuditRoleUpdateListener extends PluginListener<typeof Events.GuildRoleUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildRoleUpdate });
  }

  public override runEnabled(before: Role, after: Role) {
    const entry = describeRoleUpdate(before, after);
    if (!entry) return;
    this.container.audit.record(entry, {
      guildId: after.guild.id,
      actions: [AuditLogEvent.RoleUpdate],
      targetId: after.id,
      at: Date.now(),
      fetch: true,
    });
  }
}
