import { Command } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { claimAndReply } from '../lib/claims';

/** `/daily`: the daily reward, once per window, with a streak bonus. */
export class DailyCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Claim your daily reward; claim on time to grow your streak.',
      detailedDescription: '/daily',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder.setName(this.name).setDescription(this.description).setDMPermission(false),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await claimAndReply(interaction, interaction.guildId!, interaction.user.id, 'daily');
  }

  public override async messageRun(message: Message) {
    await claimAndReply(message, message.guildId!, message.author.id, 'daily');
  }
}
