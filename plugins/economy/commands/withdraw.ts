import { Command, type Args } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { pickOrUsage } from '../../../src/pieces/args';
import type { CommandSource } from '../../../src/pieces/respond';
import { usageOf } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';
import { parseAmount } from '../services/amount';
import { formatMoney } from '../services/format';

/** `/withdraw <amount>`: bank → wallet (`all`, `half`, `1k` accepted). */
export class WithdrawCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['with'],
      description: 'Take money out of the bank into your wallet.',
      detailedDescription: '/withdraw <amount|all|half>',
      runIn: ['GUILD_ANY'],
    });
  }

  public override registerApplicationCommands(registry: Command.Registry) {
    registry.registerChatInputCommand((builder) =>
      builder
        .setName(this.name)
        .setDescription(this.description)
        .setDMPermission(false)
        .addStringOption((option) =>
          option.setName('amount').setDescription('How much: 250, 1k, all, half').setRequired(true).setMaxLength(40),
        ),
    );
  }

  public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
    await this.withdraw(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('amount', true),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const amount = await pickOrUsage(args, 'string', await usageOf(message, 'withdraw <amount|all|half>'));
    await this.withdraw(message, message.guildId!, message.author.id, amount);
  }

  private async withdraw(source: CommandSource, guildId: string, userId: string, rawAmount: string) {
    await replyInTime(source, async () => {
      const input = parseAmount(rawAmount);
      const { economy } = this.container;
      const { amount, account } = await economy.withdraw(guildId, userId, input);
      const settings = await economy.settings(guildId);
      return `Withdrew ${formatMoney(amount, settings)}. Wallet: ${formatMoney(account.balance, settings)} · Bank: ${formatMoney(account.bank, settings)}.`;
    });
  }
}
