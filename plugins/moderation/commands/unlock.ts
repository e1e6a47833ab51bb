import { type Args, Command, UserError } from '@sapphire/framework';
import { ChannelType, PermissionFlagsBits, channelMention, type Message } from 'discord.js';
import { Permission } from '../../../src/permissions/enums';
import { respond, type CommandSource } from '../../../src/pieces/respond';
import { isLocked, LOCKED_PERMISSIONS, lockableChannel } from '../services/channelLock';
import { discordAction, requires } from '../services/commandSupport';

/** `/unlock [channel]`: undoes `/lock`, leaving the channel's other overwrites alone. */
export class UnlockCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Let everyone send messages in a locked channel again.',
      detailedDescription: '/unlock [#channel]',
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
        .addChannelOption((o) =>
          o
            .setName('channel')
            .setDescription('Default: this channel')
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        ),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.unlock(interaction, interaction.options.getChannel('channel')?.id ?? interaction.channelId);
  }

  public override async messageRun(message: Message, args: Args) {
    const channel = (await args.pickResult('guildTextChannel')).unwrapOr(null);
    await this.unlock(message, channel?.id ?? message.channelId);
  }

  private async unlock(source: CommandSource, channelId: string) {
    const channel = lockableChannel(source.guild!, channelId);
    if (!isLocked(channel)) {
      throw new UserError({ identifier: 'NotLocked', message: `${channelMention(channel.id)} is not locked.` });
    }
    const restore = Object.fromEntries(Object.keys(LOCKED_PERMISSIONS).map((name) => [name, null]));
    await discordAction('unlock the channel', () =>
      channel.permissionOverwrites.edit(channel.guild.roles.everyone, restore),
    );
    await respond(source, { content: `Unlocked ${channelMention(channel.id)}.`, allowedMentions: { parse: [] } });
  }
}
