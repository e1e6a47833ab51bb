import type { Listener } from '@sapphire/framework';
import { Events, type GuildMember } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import welcome from '../index';
import { greetingContextOf, renderGreeting } from '../services/greeting';
import { cut, DISCORD_LIMITS } from '#core/plugin-kit/discordLimits';

/** Greets a member who joins, in the configured welcome channel (and by DM if set). */
export class WelcomeMemberListener extends PluginListener<typeof Events.GuildMemberAdd> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.GuildMemberAdd });
  }

  public override async runEnabled(member: GuildMember) {
    if (member.user.bot) return;
    const { guildSettings } = this.container;
    const { config } = await guildSettings.get(member.guild.id);
    const settings = await welcome.settings(member.guild.id);
    // The template's placeholders (a long server or user name, many of them) can take it past one message.
    const content = cut(renderGreeting(settings.message, greetingContextOf(member)), DISCORD_LIMITS.content);
    const channel = config.welcomeChannelId ? member.guild.channels.cache.get(config.welcomeChannelId) : undefined;
    if (channel?.isSendable()) {
      // Only the newcomer may be pinged, whatever the template says.
      const greeting = await channel.send({ content, allowedMentions: { users: [member.id] } });
      if (settings.deleteAfterSeconds > 0) {
        await this.container.welcomeCleanup.add({
          guildId: member.guild.id,
          channelId: channel.id,
          messageId: greeting.id,
          deleteAt: new Date(Date.now() + settings.deleteAfterSeconds * 1000),
        });
      }
    }
    if (settings.dm) {
      await member.send({ content, allowedMentions: { parse: [] } }).catch(() => undefined); // DMs closed: fine
    }
  }
}
