import type { Command } from '@sapphire/framework';
import { BankMoveCommand } from '../lib/BankMoveCommand';
import type { AmountInput } from '../services/amount';

/** `/withdraw <amount>`: bank → wallet (`all`, `half`, `1k` accepted). */
export class WithdrawCommand extends BankMoveCommand {
  protected readonly movedWord = 'Withdrew';

  public constructor(context: Command.LoaderContext, options: Command.Options) {
    super(context, {
      ...options,
      aliases: ['with'],
      description: 'Take money out of the bank into your wallet.',
      detailedDescription: '/withdraw <amount|all|half>',
      runIn: ['GUILD_ANY'],
    });
  }

  protected move(guildId: string, userId: string, input: AmountInput) {
    return this.container.economy.withdraw(guildId, userId, input);
  }
}
