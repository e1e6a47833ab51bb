import type { Listener } from '@sapphire/framework';
import { Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import levels from '../index';

/** Deletes a leaving member's levels when the guild chose `resetOnLeave`. */
export class LevelsMemberLeaveListener extends PluginListener<typeof Events.GuildMemberRemove> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberRemove });
  }

  public override async runEnabled(member: GuildMember | PartialGuildMember) {
    const settings = await levels.settings(member.guild.id);
    if (settings.resetOnLeave) await this.container.levels.repository.resetMember(member.guild.id, member.id);
  }
}
