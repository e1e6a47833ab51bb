import type { Listener } from '@sapphire/framework';
import { Events, type GuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { describeJoin } from '../services/describe';

/** A member joined: account age, flagged when the account is new. */
export class AuditMemberAddListener extends PluginListener<typeof Events.GuildMemberAdd> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberAdd });
  }

  public override async runEnabled(member: GuildMember) {
    const { audit } = this.container;
    const { newAccountDays } = await audit.settings(member.guild.id);
    audit.record(describeJoin(member, newAccountDays));
  }
}
