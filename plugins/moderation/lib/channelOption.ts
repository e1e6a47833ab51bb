import type { Args, Command } from '@sapphire/framework';
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

/** The prefix command's next argument as a text channel (`#general`), or else the channel it runs in. */
export async function pickChannelId(message: Message, args: Args): Promise<string> {
  const channel = (await args.pickResult('guildTextChannel')).unwrapOr(null);
  return channel?.id ?? message.channelId;
}
