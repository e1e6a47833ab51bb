import type { Listener } from '@sapphire/framework';
import { Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';

/** With `closeOnLeave`, a member's open tickets close when they leave the server. */
export class TicketMemberLeftListener extends PluginListener<typeof Events.GuildMemberRemove> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberRemove });
  }

  public override async runEnabled(member: GuildMember | PartialGuildMember) {
    const service = this.container.tickets;
    if (!(await service.settings(member.guild.id)).closeOnLeave) return;
    for (const ticket of await service.repository.activeOf(member.guild.id, member.id)) {
      await service.closing.close(
        member.guild.id,
        ticket,
        this.container.client.user!.id,
        'The opener left the server.',
      );
    }
  }
}
