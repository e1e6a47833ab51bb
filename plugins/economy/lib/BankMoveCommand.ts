import { Command, type Args } from '@sapphire/framework';
import type { Message } from 'discord.js';
import { pickOrUsage, usageOf } from '#core/plugin-kit/args';
import type { CommandSource } from '#core/plugin-kit/respond';
import economy from '../index';
import { parseAmount, type AmountInput } from '../services/amount';
import type { Account } from '../services/types';
import { formatMoney } from '../services/format';
import { replyInTime } from './replyInTime';

/**
 * `/deposit` and `/withdraw`: one `amount` option (`250`, `1k`, `all`, `half`) moved between wallet and bank; they
 * differ only in the direction and the word of the reply.
 */
export abstract class BankMoveCommand extends Command {
  /** The reply's first word: `Deposited`, `Withdrew`. */
  protected abstract readonly movedWord: string;

  /** Moves the money and returns how much moved and the account afterwards. */
  protected abstract move(
    guildId: string,
    userId: string,
    input: AmountInput,
  ): Promise<{ amount: number; account: Account }>;

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
    await this.moveAndReply(
      interaction,
      interaction.guildId!,
      interaction.user.id,
      interaction.options.getString('amount', true),
    );
  }

  public override async messageRun(message: Message, args: Args) {
    const amount = await pickOrUsage(args, 'string', await usageOf(message, `${this.name} <amount|all|half>`));
    await this.moveAndReply(message, message.guildId!, message.author.id, amount);
  }

  private async moveAndReply(source: CommandSource, guildId: string, userId: string, rawAmount: string) {
    await replyInTime(source, async () => {
      const input = parseAmount(rawAmount);
      const { amount, account } = await this.move(guildId, userId, input);
      const settings = await economy.settings(guildId);
      return `${this.movedWord} ${formatMoney(amount, settings)}. Wallet: ${formatMoney(account.balance, settings)} · Bank: ${formatMoney(account.bank, settings)}.`;
    });
  }
}
