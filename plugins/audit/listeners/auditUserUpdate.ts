import type { Listener } from '@sapphire/framework';
import { Events, type PartialUser, type User } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeUserUpdate } from '../services/describe';

/** A member's username or avatar changed: logged in each guild the bot shares with them (MEMBER_EVENTS). */
export class AuditUserUpdateListener extends PluginListener<typeof Events.UserUpdate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.UserUpdate });
  }

  public override async runEnabled(before: User | PartialUser, after: User, guildId: string) {
    if (before.partial) return;
    const guild = this.container.client.guilds.cache.get(guildId);
    const member = guild ? await guild.members.fetch(after.id).catch(() => null) : null;
    for (const entry of describeUserUpdate(guildId, before, after, member)) this.container.audit.record(entry);
  }
}
