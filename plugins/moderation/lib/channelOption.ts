import { UserError, type Args, type Command } from '@sapphire/framework';
import { pickOptional, pickOrUsage } from '#core/plugin-kit/args';
import { ChannelType, type Message, type SlashCommandChannelOption } from 'discord.js';

/** The optional `channel` option of `/lock`, `/unlock` and `/slowmode`: a text or announcement channel. */
export function channelOption(option: SlashCommandChannelOption): SlashCommandChannelOption {
  return option
    .setName('channel')
    .setDescription('Default: this channel')
    .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement);
}

/** The channel the slash command names, or else the one it runs in. */
export function chosenChannelId(interaction: Command.ChatInputCommandInteraction): string {
  return interaction.options.getChannel('channel')?.id ?? interaction.channelId;
}

/**
 * The prefix command's next argument as a text channel of this server (`#general`), or the channel it runs in when
 * none is named. A channel named that is not one here (another server's, deleted, a voice channel) is refused, never
 * replaced by this one; with `last`, nothing may follow, so any other word is refused too.
 */
export async function pickChannelId(
  message: Message,
  args: Args,
  usage: string,
  { last = false }: { last?: boolean } = {},
): Promise<string> {
  const channel = last
    ? args.finished
      ? null
      : await pickOrUsage(args, 'guildTextChannel', usage)
    : await pickOptional(args, 'guildTextChannel', usage);
  if (last && !args.finished) throw new UserError({ identifier: 'BadArgument', message: `Usage: \`${usage}\`` });
  return channel?.id ?? message.channelId;
}
