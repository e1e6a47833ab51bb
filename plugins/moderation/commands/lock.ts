import { type Args, Command, UserError } from '@sapphire/framework';
import { PermissionFlagsBits, channelMention, type Message } from 'discord.js';
import { Permission } from '#core/permissions/enums';
import { channelOption, chosenChannelId, pickChannelId } from '../lib/channelOption';
import { usageOf } from '#core/plugin-kit/args';
import { respond, type CommandSource } from '#core/plugin-kit/respond';
import { isLocked, LOCKED_PERMISSIONS, lockableChannel } from '../lib/channelLock';
import { cleanReason, discordAction, requires, restOrNull } from '../lib/commandSupport';

/** `/lock [channel] [reason]`: @everyone can no longer send messages there. */
export class LockCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Stop everyone from sending messages in a channel.',
      detailedDescription: '/lock [#channel] [reason]',
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
        .addChannelOption(channelOption)
        .addStringOption((o) => o.setName('reason').setDescription('Why').setMaxLength(500)),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.lock(interaction, chosenChannelId(interaction), interaction.options.getString('reason'));
  }

  public override async messageRun(message: Message, args: Args) {
    const channelId = await pickChannelId(message, args, await usageOf(message, 'lock [#channel] [reason]'));
    await this.lock(message, channelId, await restOrNull(args));
  }

  private async lock(source: CommandSource, channelId: string, reasonText: string | null) {
    const channel = lockableChannel(source.guild!, channelId);
    if (isLocked(channel)) {
      throw new UserError({ identifier: 'AlreadyLocked', message: `${channelMention(channel.id)} is already locked.` });
    }
    const reason = cleanReason(reasonText);
    await discordAction('lock the channel', async () => {
      // The bot keeps its voice in the locked channel: an @everyone deny would otherwise silence it too.
      await channel.permissionOverwrites.edit(this.container.client.user!.id, { SendMessages: true }, { reason });
      await channel.permissionOverwrites.edit(channel.guild.roles.everyone, LOCKED_PERMISSIONS, { reason });
    });
    await respond(source, { content: `Locked ${channelMention(channel.id)}.`, allowedMentions: { parse: [] } });
  }
}
