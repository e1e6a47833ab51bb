import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, channelMention, type Message } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { channelOption, chosenChannelId, pickChannelId } from '../lib/channelOption';
import { usageOf } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { isLocked, LOCKED_PERMISSIONS, lockableChannel } from '../lib/channelLock';
import { discordAction, requires } from '../lib/commandSupport';

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
        .addChannelOption(channelOption),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.unlock(interaction, chosenChannelId(interaction));
  }

  public override async messageRun(message: Message, args: Args) {
    await this.unlock(
      message,
      await pickChannelId(message, args, await usageOf(message, 'unlock [#channel]'), { last: true }),
    );
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
