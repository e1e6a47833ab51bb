import { Command } from '@sapphire/framework';
import type { Message } from 'discord.js';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { replyInTime } from '../lib/replyInTime';
import { formatMoney } from '../services/format';

/** `/work`: a random pay in the configured range, once per cooldown. */
export class WorkCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      description: 'Work a shift for some money.',
      detailedDescription: '/work',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder.setName(this.name).setDescription(this.description).setDMPermission(false),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.work(interaction, interaction.guildId!, interaction.user.id);
  }

  public override async messageRun(message: Message) {
    await this.work(message, message.guildId!, message.author.id);
  }

  private async work(source: CommandSource, guildId: string, userId: string) {
    await replyInTime(source, async () => {
      const { pay, text, account } = await this.container.economy.work(guildId, userId);
      const settings = await economy.settings(guildId);
      return `${text} and earned ${formatMoney(pay, settings)}. Wallet: ${formatMoney(account.balance, settings)}.`;
    });
  }
}
