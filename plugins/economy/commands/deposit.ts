import type { Command } from '@sapphire/framework';
import { BankMoveCommand } from '../lib/BankMoveCommand';
import type { AmountInput } from '../services/amount';

/** `/deposit <amount>`: wallet → bank (`all`, `half`, `1k` accepted). */
export class DepositCommand extends BankMoveCommand {
  protected readonly movedWord = 'Deposited';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['dep'],
      description: 'Move money from your wallet into the bank.',
      detailedDescription: '/deposit <amount|all|half>',
      runIn: ['GUILD_ANY'],
    });
  }

  protected move(guildId: string, userId: string, input: AmountInput) {
    return this.container.economy.deposit(guildId, userId, input);
  }
}
