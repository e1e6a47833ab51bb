import { Command, type Args } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { pickOrUsage } from '../../../src/pieces/args';
import type { CommandSource } from '../../../src/pieces/respond';
import { usageOf } from '../lib/commandSupport';
import { replyInTime } from '../lib/replyInTime';
import { parseAmount } from '../services/amount';
import { formatMoney } from '../services/format';

/** `/deposit <amount>`: wallet → bank (`all`, `half`, `1k` accepted). */
export class DepositCommand extends Command {
  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['dep'],
      description: 'Move money from your wallet into the bank.',
      detailedDescription: '/deposit <amount|all|half>',
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
    await this.deposit(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('amount', true),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const amount = await pickOrUsage(args, 'string', await usageOf(message, 'deposit <amount|all|half>'));
    await this.deposit(message, message.guildId!, message.author.id, amount);
  }

  private async deposit(source: CommandSource, guildId: string, userId: string, rawAmount: string) {
    await replyInTime(source, async () => {
      const input = parseAmount(rawAmount);
      const { economy } = this.container;
      const { amount, account } = await economy.deposit(guildId, userId, input);
      const settings = await economy.settings(guildId);
      return `Deposited ${formatMoney(amount, settings)}. Wallet: ${formatMoney(account.balance, settings)} · Bank: ${formatMoney(account.bank, settings)}.`;
    });
  }
}
