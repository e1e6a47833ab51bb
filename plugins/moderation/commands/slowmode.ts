import { type Args, Command, UserError } from '@sapphire/framework';
import { ChannelType, PermissionFlagsBits, channelMention, type Message } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import { channelOption, chosenChannelId, pickChannelId } from '../lib/channelOption';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { discordAction, requires } from '../lib/commandSupport';
import { formatDuration, parseDuration } from '#core/plugin-kit/durations';

const USAGE = 'slowmode <duration|off> [#channel]';
/** Discord's longest slowmode. */
const MAX_SLOWMODE_MS = 6 * 3600_000;
const OFF_WORDS = new Set(['off', '0', 'none']);

/** `/slowmode <duration|off> [channel]`: how long members wait between messages. */
export class SlowmodeCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Set or turn off slowmode in a channel (up to 6h).',
      detailedDescription: `/${USAGE}`,
      runIn: ['GUILD_ANY'],
      preconditions: requires(Permission.MANAGE_THREADS),
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
        .setDMPermission(false)
        .addStringOption((o) =>
          o.setName('duration').setDescription('e.g. 10s, 5m, 1h, or off').setRequired(true).setMaxLength(40),
        )
        .addChannelOption(channelOption),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.slowmode(interaction, interaction.options.getString('duration', true), chosenChannelId(interaction));
  }

  public override async messageRun(message: Message, args: Args) {
    const usage = await usageOf(message, USAGE);
    const duration = await pickOrUsage(args, 'string', usage);
    await this.slowmode(message, duration, await pickChannelId(message, args, usage, { last: true }));
  }

  private async slowmode(source: CommandSource, durationText: string, channelId: string) {
    const channel = source.guild!.channels.cache.get(channelId);
    if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
      throw new UserError({ identifier: 'BadSlowmodeChannel', message: 'Slowmode works in text channels.' });
    }
    const off = OFF_WORDS.has(durationText.trim().toLowerCase());
    const ms = off ? 0 : parseDuration(durationText, { maxMs: MAX_SLOWMODE_MS, what: 'slowmode' });
    const seconds = Math.round(ms / 1000);
    await discordAction('change slowmode', async () => {
      await channel.setRateLimitPerUser(seconds);
    });
    await respond(
      source,
      seconds === 0
        ? `Slowmode is off in ${channelMention(channel.id)}.`
        : `Slowmode in ${channelMention(channel.id)} is now ${formatDuration(seconds * 1000)}.`,
    );
  }
}
